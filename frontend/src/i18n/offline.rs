//! Working with no signal: what the trainee's phone and the instructor's
//! screen say while check-ins and marks wait for the network, and saving a
//! course on the phone.

use super::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfflineMsg {
    /// The trainee's check-in was kept on the phone.
    CheckinQueued,
    /// The instructor's screen has no network.
    ScreenOffline,
    /// Marks made by hand wait on this device.
    MarksWaiting,
    /// The instructor's screen has no kit: it was never opened online.
    NoKitOffline,
    /// A check-in that was sent later.
    SentLater,
    SaveCourse,
    SavingCourse,
    CourseSaved,
    UpdateSaved,
    SaveFailed,
    SavedTotal,
    ClearSaved,
    AlsoVideos,
    /// Progress made with no network waits on the phone.
    ProgressKept,
}

impl Text for OfflineMsg {
    fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }
}

impl OfflineMsg {
    fn zh(self) -> &'static str {
        use OfflineMsg::*;
        match self {
            CheckinQueued => {
                "现在没有网络。签到已保存在手机上（含扫码时间），联网后会自动发送，请不要退出登录。"
            }
            ScreenOffline => {
                "现在没有网络：签到码由本机生成，仍然有效。学员无网络时的签到会在联网后补传，到时列表会更新。"
            }
            MarksWaiting => "条手工考勤保存在本机，联网后自动发送。",
            NoKitOffline => {
                "没有网络，本机也没有保存这次课的签到码。请在有网络时先打开一次签到屏幕。"
            }
            SentLater => "补传",
            SaveCourse => "保存到手机，没有网络也能学",
            SavingCourse => "正在保存…",
            CourseSaved => "本课程已保存到手机，没有网络也能阅读和收听（视频需勾选后才保存）。",
            UpdateSaved => "重新保存",
            SaveFailed => "保存失败，请在网络好的时候再试。",
            SavedTotal => "本机保存的课程共占用",
            ClearSaved => "清除已保存的课程",
            AlsoVideos => "同时保存视频",
            ProgressKept => "没有网络：学习进度保存在本机，联网后自动上传并计入学时。",
        }
    }

    fn en(self) -> &'static str {
        use OfflineMsg::*;
        match self {
            CheckinQueued => {
                "No network right now. Your check-in is saved on this phone with the time you scanned, and will be sent when the network returns. Do not sign out."
            }
            ScreenOffline => {
                "No network: the codes are made on this device and still count. Check-ins made with no signal arrive when phones reconnect, and the list updates then."
            }
            MarksWaiting => {
                "marks made by hand are saved on this device and will be sent when the network returns."
            }
            NoKitOffline => {
                "No network, and this device has not kept this session's codes. Open the check-in screen once while online first."
            }
            SentLater => "sent later",
            SaveCourse => "Save to this phone to learn with no network",
            SavingCourse => "Saving…",
            CourseSaved => {
                "This course is saved on this phone: its articles, documents and audio open with no network (videos do not)."
            }
            UpdateSaved => "Save again",
            SaveFailed => "Saving failed. Try again when the network is better.",
            SavedTotal => "Courses saved on this phone take",
            ClearSaved => "Clear saved courses",
            AlsoVideos => "Save the videos too",
            ProgressKept => {
                "No network: your progress is kept on this phone and counted when the network returns."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        use OfflineMsg::*;
        for msg in [
            CheckinQueued,
            ScreenOffline,
            MarksWaiting,
            NoKitOffline,
            SentLater,
        ] {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }
}
