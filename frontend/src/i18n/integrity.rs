//! The integrity report's page, and failed check-in codes on the
//! instructor's live list.

use cultivator_shared::api::integrity::{IntegrityKind, TimeBasis};

use super::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegrityMsg {
    ReportTitle,
    OpenReport,
    ReportIntro,
    KindLabel,
    AllKinds,
    NameColumn,
    MobileColumn,
    RegionColumn,
    SubjectColumn,
    CountColumn,
    FirstColumn,
    LastColumn,
    TimeColumn,
    DownloadCsv,
    NothingFlagged,
    Previous,
    Next,
    FailedAttemptsTitle,
    NoFailedAttempts,
    WrongCodes,
    LockedUntil,
}

impl Text for IntegrityMsg {
    fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }
}

impl IntegrityMsg {
    fn zh(self) -> &'static str {
        use IntegrityMsg::*;
        match self {
            ReportTitle => "异常学习报告",
            OpenReport => "查看异常学习报告",
            ReportIntro => {
                "辖区内看起来不真实的学习记录：用时远少于课程学时的结业、因过快被拒绝的学习进度、签到码输错被锁定。请核实后再处理。"
            }
            KindLabel => "类型",
            AllKinds => "全部类型",
            NameColumn => "姓名",
            MobileColumn => "手机号",
            RegionColumn => "所在地区",
            SubjectColumn => "课程或班级",
            CountColumn => "次数",
            FirstColumn => "首次",
            LastColumn => "最近",
            TimeColumn => "用时 / 应用时（分钟）",
            DownloadCsv => "下载 CSV",
            NothingFlagged => "辖区内没有异常记录。",
            Previous => "上一页",
            Next => "下一页",
            FailedAttemptsTitle => "签到码输错",
            NoFailedAttempts => "还没有人输错签到码。",
            WrongCodes => "次输错",
            LockedUntil => "已锁定至",
        }
    }

    fn en(self) -> &'static str {
        use IntegrityMsg::*;
        match self {
            ReportTitle => "Integrity report",
            OpenReport => "Open the integrity report",
            ReportIntro => {
                "Learning records in your region that look manufactured: completions far faster than the course's hours, progress reports refused as too fast, and check-in lockouts after wrong codes. Check before acting."
            }
            KindLabel => "Kind",
            AllKinds => "All kinds",
            NameColumn => "Name",
            MobileColumn => "Mobile",
            RegionColumn => "Home region",
            SubjectColumn => "Course or class",
            CountColumn => "Times",
            FirstColumn => "First",
            LastColumn => "Latest",
            TimeColumn => "Time taken / expected (minutes)",
            DownloadCsv => "Download CSV",
            NothingFlagged => "Nothing flagged in your region.",
            Previous => "Previous",
            Next => "Next",
            FailedAttemptsTitle => "Wrong check-in codes",
            NoFailedAttempts => "Nobody has entered a wrong code.",
            WrongCodes => "wrong codes",
            LockedUntil => "locked until",
        }
    }
}

/// A kind of flag in words.
pub fn kind_name(locale: Locale, kind: IntegrityKind) -> &'static str {
    match (locale, kind) {
        (Locale::ZhCn, IntegrityKind::FastCompletion) => "结业过快",
        (Locale::ZhCn, IntegrityKind::RejectedReports) => "进度上报过快被拒",
        (Locale::ZhCn, IntegrityKind::CheckinLockout) => "签到码输错被锁定",
        (Locale::ZhCn, IntegrityKind::WrongCheckinCodes) => "签到码输错",
        (Locale::En, IntegrityKind::FastCompletion) => "Completed too fast",
        (Locale::En, IntegrityKind::RejectedReports) => "Reports refused as too fast",
        (Locale::En, IntegrityKind::CheckinLockout) => "Check-in locked",
        (Locale::En, IntegrityKind::WrongCheckinCodes) => "Wrong check-in codes",
    }
}

/// Which clock measured a completion, in words.
pub fn basis_name(locale: Locale, basis: TimeBasis) -> &'static str {
    match (locale, basis) {
        (Locale::ZhCn, TimeBasis::Verified) => "有效观看",
        (Locale::ZhCn, TimeBasis::Elapsed) => "报名至结业",
        (Locale::En, TimeBasis::Verified) => "verified play",
        (Locale::En, TimeBasis::Elapsed) => "enrolment to completion",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        use IntegrityMsg::*;
        let all = [
            ReportTitle,
            OpenReport,
            ReportIntro,
            KindLabel,
            AllKinds,
            NameColumn,
            MobileColumn,
            RegionColumn,
            SubjectColumn,
            CountColumn,
            FirstColumn,
            LastColumn,
            TimeColumn,
            DownloadCsv,
            NothingFlagged,
            Previous,
            Next,
            FailedAttemptsTitle,
            NoFailedAttempts,
            WrongCodes,
            LockedUntil,
        ];
        for msg in all {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
        for kind in IntegrityKind::ALL {
            for locale in Locale::ALL {
                assert!(!kind_name(locale, *kind).is_empty());
            }
        }
    }
}
