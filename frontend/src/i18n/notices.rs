//! Words of notifications (each kind, the unread count, marking read) and
//! of changing a running class: editing it, moving and cancelling
//! sessions, cancelling it, its instructors. Each message is written once
//! per language in one table: a message without both texts does not compile.

use cultivator_shared::api::notifications::NotificationKind;

use super::{Locale, Text};

macro_rules! messages {
    ($($name:ident => ($zh:literal, $en:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum NoticeMsg { $($name),* }

        impl NoticeMsg {
            pub const ALL: &'static [NoticeMsg] = &[$(NoticeMsg::$name),*];
        }

        impl Text for NoticeMsg {
            fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((NoticeMsg::$name, Locale::ZhCn) => $zh,
                      (NoticeMsg::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    PromotedFromWaitlist => ("候补转正：您已正式入班", "A seat came free: you are now enrolled in"),
    EnrollmentApproved => ("报名已通过审核", "Your application was approved"),
    EnrollmentRejected => ("报名未通过审核", "Your application was not approved"),
    EnrollmentWaitlisted => ("名额已满，您已进入候补名单", "The class is full: you are on its waitlist"),
    SessionReminder => ("明天有课", "You have a session tomorrow"),
    SessionMoved => ("上课时间或地点已调整", "A session was moved"),
    SessionCancelled => ("一次课已取消", "A session was cancelled"),
    ClassCancelled => ("培训班已取消", "A class was cancelled"),
    SelectedForStage => ("您已入选下一阶段培训", "You were selected for the next stage"),
    CertificateIssued => ("结业证书已签发", "Your certificate was issued"),
    PasswordReset => ("工作人员已为您发放重置密码的验证码", "Staff issued you a code to reset your password"),
    SeeClasses => ("查看可报名的培训班", "See the classes you can apply to"),
    OpenAccount => ("我的账号", "My account"),
    SeeCertificate => ("查看证书", "See the certificate"),
    Unread => ("未读", "Unread"),
    MarkRead => ("标为已读", "Mark read"),
    MarkAllRead => ("全部标为已读", "Mark all read"),
    HeaderNotices => ("消息", "Notifications"),
    UnreadSuffix => ("条未读", "unread"),
    Reason => ("原因", "Reason"),
    EditClassTitle => ("修改培训班信息", "Edit the class"),
    Save => ("保存", "Save"),
    Saved => ("已保存。", "Saved."),
    CancelClassTitle => ("取消培训班", "Cancel the class"),
    CancelReasonLabel => ("取消原因（将通知所有已报名和候补的学员）", "Reason (everyone enrolled or waiting is told)"),
    CancelClassSubmit => ("确认取消培训班", "Cancel the class"),
    ClassCancelledBanner => ("本培训班已取消", "This class is cancelled"),
    SessionCancelledMark => ("已取消", "Cancelled"),
    MoveSession => ("调整时间地点", "Move"),
    MoveSessionSubmit => ("保存调整（将通知学员）", "Save (members are told)"),
    CancelSession => ("取消本次课", "Cancel this session"),
    CancelSessionSubmit => ("确认取消本次课", "Cancel the session"),
    InstructorsTitle => ("授课教师", "Instructors"),
    AddInstructor => ("添加教师", "Add"),
    ChooseInstructor => ("选择教师", "Choose an instructor"),
    RemoveInstructor => ("移除", "Remove"),
    NoEligible => ("暂无可添加的教师。", "No other instructor can be added."),
}

/// What a notification of `kind` says (its class, time and place follow).
pub fn notification_text(kind: NotificationKind) -> NoticeMsg {
    use NotificationKind as K;
    match kind {
        K::PromotedFromWaitlist => NoticeMsg::PromotedFromWaitlist,
        K::EnrollmentApproved => NoticeMsg::EnrollmentApproved,
        K::EnrollmentRejected => NoticeMsg::EnrollmentRejected,
        K::EnrollmentWaitlisted => NoticeMsg::EnrollmentWaitlisted,
        K::SessionReminder => NoticeMsg::SessionReminder,
        K::SessionMoved => NoticeMsg::SessionMoved,
        K::SessionCancelled => NoticeMsg::SessionCancelled,
        K::ClassCancelled => NoticeMsg::ClassCancelled,
        K::SelectedForStage => NoticeMsg::SelectedForStage,
        K::CertificateIssued => NoticeMsg::CertificateIssued,
        K::PasswordReset => NoticeMsg::PasswordReset,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_and_kind_has_words_in_both_languages() {
        for msg in NoticeMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
        for kind in NotificationKind::ALL {
            for locale in Locale::ALL {
                assert!(!notification_text(*kind).text(locale).is_empty());
            }
        }
    }
}
