//! Words of the instructors' class pages (`/teach/classes…`), the roster
//! import, candidates for gated stages and the trainee's notifications.
//! Each message is written once per language in one table: a message
//! without both texts does not compile.

use cultivator_shared::api::rosters::{RosterColumn, RosterProblemCode};

use super::{Locale, Text};

macro_rules! messages {
    ($($name:ident => ($zh:literal, $en:literal),)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum RosterMsg { $($name),* }

        impl RosterMsg {
            pub const ALL: &'static [RosterMsg] = &[$(RosterMsg::$name),*];
        }

        impl Text for RosterMsg {
            fn text(self, locale: Locale) -> &'static str {
                match (self, locale) {
                    $((RosterMsg::$name, Locale::ZhCn) => $zh,
                      (RosterMsg::$name, Locale::En) => $en,)*
                }
            }
        }
    };
}

messages! {
    ClassesTitle => ("我开设的培训班", "Classes I run"),
    NoClasses => ("您还没有开设培训班。", "You do not run any class yet."),
    NewClassTitle => ("开设线下培训班", "New offline class"),
    TitleLabel => ("班级名称", "Class title"),
    ProgrammeLabel => ("培训计划", "Programme"),
    StageLabel => ("培训阶段", "Stage"),
    NoStage => ("不属于任何阶段", "No stage"),
    StartsOnLabel => ("开班日期", "Starts on"),
    EndsOnLabel => ("结束日期", "Ends on"),
    SeatLimitLabel => ("名额", "Seats"),
    ModeLabel => ("报名方式", "Enrolment"),
    ModeOpen => ("自由报名", "Open"),
    ModeApproval => ("报名需审核", "Needs approval"),
    ModeInvitation => ("仅限邀请", "Invitation only"),
    VenueLabel => ("培训地点", "Venue"),
    ThresholdLabel => ("结业所需出勤率（%）", "Attendance needed to complete (%)"),
    PlannedSessionsLabel => ("计划课次（出勤率按此计算）", "Planned sessions (attendance is counted against these)"),
    RegionLabel => ("面向地区", "Region served"),
    FirstSessionTitle => ("第一次课", "First session"),
    SessionStartLabel => ("开始时间", "Starts at"),
    SessionEndLabel => ("结束时间", "Ends at"),
    CreateSubmit => ("创建培训班", "Create class"),
    AddSessionTitle => ("增加课次", "Add a session"),
    AddSessionSubmit => ("增加课次", "Add session"),
    Manage => ("管理", "Manage"),
    RosterTitle => ("学员名单", "Roster"),
    NoRoster => ("还没有人报名。", "Nobody has applied yet."),
    RosterShow => ("显示", "Show"),
    RosterEveryone => ("全部", "Everyone"),
    RosterPrevious => ("上一页", "Previous"),
    RosterNext => ("下一页", "Next"),
    Approve => ("通过", "Approve"),
    Reject => ("不通过", "Reject"),
    Remove => ("移出", "Remove"),
    AttendanceTitle => ("考勤", "Attendance"),
    Present => ("到课", "Present"),
    Absent => ("缺勤", "Absent"),
    Excused => ("请假", "Excused"),
    NotMarked => ("未记录", "Not recorded"),
    CorrectionsTitle => ("更正记录", "Corrections"),
    Finalise => ("按出勤率结业", "Finalise by attendance"),
    FinalisedCompleted => ("已结业人数", "Completed"),
    FinalisedNotEligible => ("未达要求人数", "Not eligible"),
    ExportsTitle => ("导出", "Downloads"),
    RosterCsv => ("名单（CSV）", "Roster (CSV)"),
    RosterXlsx => ("名单（Excel）", "Roster (Excel)"),
    AttendanceCsv => ("签到表（CSV）", "Attendance sheet (CSV)"),
    AttendanceXlsx => ("签到表（Excel）", "Attendance sheet (Excel)"),
    ImportTitle => ("导入名单", "Import a roster"),
    ImportHint => (
        "CSV 或 Excel 文件，第一行为表头：姓名、手机号、行政区划代码，可选“学员类别”。任何一行有误则一个也不导入。导入的学员直接入班，名额满后按文件顺序进入候补。",
        "A CSV or Excel file whose first row names the columns: name, mobile, region_code, and optionally category. If any row is wrong nobody is imported. Imported trainees are enrolled directly; once the seats are full the rest join the waitlist in file order."
    ),
    ImportSubmit => ("上传并导入", "Upload and import"),
    ImportRunning => ("正在导入…", "Importing…"),
    ImportSucceeded => ("导入完成", "Import finished"),
    ImportFailed => ("导入失败，未导入任何人。", "The import failed; nobody was imported."),
    ProblemsTitle => ("文件中的问题（未导入任何人）", "Problems in the file (nobody was imported)"),
    RowLabel => ("行", "Row"),
    ColumnLabel => ("列", "Column"),
    ProblemLabel => ("问题", "Problem"),
    ValueLabel => ("内容", "Value"),
    CreatedAccounts => ("新建账号", "New accounts"),
    MatchedAccounts => ("已有账号", "Existing accounts"),
    EnrolledCount => ("入班", "Enrolled"),
    WaitlistedCount => ("候补", "Waitlisted"),
    UnchangedCount => ("原已在班", "Already in the class"),
    PasswordSheet => ("下载初始密码表（只能下载一次）", "Download the one-time password sheet (once only)"),
    CandidatesTitle => ("候选学员（已完成上一阶段）", "Candidates (completed the previous stage)"),
    NoCandidates => ("暂无候选学员。", "No candidates yet."),
    Select => ("选入", "Select"),
    Unselect => ("取消选入", "Unselect"),
    SelectedMark => ("已选入", "Selected"),
    CreditHours => ("学时", "Credit hours"),
    CompletedClasses => ("完成班次", "Classes completed"),
    NotificationsTitle => ("我的消息", "Notifications"),
    NoNotifications => ("暂无消息。", "No notifications."),
    TeachLink => ("我开设的培训班", "Classes I run"),
}

pub fn mode_name(mode: cultivator_shared::EnrollmentMode) -> RosterMsg {
    use cultivator_shared::EnrollmentMode as M;
    match mode {
        M::Open => RosterMsg::ModeOpen,
        M::Approval => RosterMsg::ModeApproval,
        M::Invitation => RosterMsg::ModeInvitation,
    }
}

pub fn column_name(locale: Locale, column: RosterColumn) -> &'static str {
    match (locale, column) {
        (Locale::ZhCn, RosterColumn::File) => "文件",
        (Locale::ZhCn, RosterColumn::Name) => "姓名",
        (Locale::ZhCn, RosterColumn::Mobile) => "手机号",
        (Locale::ZhCn, RosterColumn::RegionCode) => "行政区划代码",
        (Locale::ZhCn, RosterColumn::Category) => "学员类别",
        (Locale::En, RosterColumn::File) => "file",
        (Locale::En, RosterColumn::Name) => "name",
        (Locale::En, RosterColumn::Mobile) => "mobile",
        (Locale::En, RosterColumn::RegionCode) => "region code",
        (Locale::En, RosterColumn::Category) => "category",
    }
}

pub fn problem_name(locale: Locale, code: RosterProblemCode) -> &'static str {
    use RosterProblemCode as P;
    match locale {
        Locale::ZhCn => match code {
            P::Unreadable => "无法读取文件，请上传 CSV 或 Excel（.xlsx）文件",
            P::NoRows => "文件中没有学员",
            P::TooManyRows => "行数过多，请拆分为不超过 20000 行的文件",
            P::TooManyColumns => "列数过多，名单最多 64 列（请删除表格右侧多余的内容）",
            P::TooLarge => "文件解压后过大，请只保留名单工作表后重新保存",
            P::MissingColumn => "缺少这一列",
            P::Required => "不能为空",
            P::TooLong => "内容过长",
            P::InvalidCharacters => "含有不允许的字符",
            P::InvalidMobile => "不是有效的手机号",
            P::InvalidRegionCode => "不是有效的行政区划代码",
            P::UnknownRegion => "没有这个行政区划",
            P::UnknownCategory => "学员类别应为“乡村治理骨干”或“新型农业经营主体带头人”",
            P::DuplicateMobile => "与前面某一行的手机号重复",
            P::OutsideClassRegion => "该地区不在本班服务范围内",
            P::AccountOutsideClassRegion => "该手机号已注册，其常住地不在本班服务范围内",
            P::AccountNameDiffers => "该手机号已注册，姓名与表中不一致；导入不会修改姓名",
            P::AccountCategoryDiffers => "该手机号已注册，学员类别与表中不一致；导入不会修改类别",
            P::StageGateNotMet => "未完成上一阶段或未经遴选，不能进入本阶段的培训班",
            P::MobileRegistered => "该手机号已注册账号",
        },
        Locale::En => match code {
            P::Unreadable => "The file cannot be read; upload a CSV or Excel (.xlsx) file",
            P::NoRows => "The file holds no trainees",
            P::TooManyRows => "Too many rows; split the file into parts of at most 20,000 rows",
            P::TooManyColumns => {
                "Too many columns; a roster may use at most 64 (delete anything far to the right)"
            }
            P::TooLarge => {
                "The file unpacks to too much data; keep only the roster sheet and save again"
            }
            P::MissingColumn => "This column is missing",
            P::Required => "Required",
            P::TooLong => "Too long",
            P::InvalidCharacters => "Contains characters that are not allowed",
            P::InvalidMobile => "Not a valid mobile number",
            P::InvalidRegionCode => "Not a valid region code",
            P::UnknownRegion => "No such region",
            P::UnknownCategory => {
                "The category must be village governance or agricultural business"
            }
            P::DuplicateMobile => "The same mobile number as an earlier row",
            P::OutsideClassRegion => "This region is not one the class serves",
            P::AccountOutsideClassRegion => {
                "This mobile number is registered to someone whose home region the class does not serve"
            }
            P::AccountNameDiffers => {
                "This mobile number is registered under another name; an import never changes names"
            }
            P::AccountCategoryDiffers => {
                "This mobile number is registered with another category; an import never changes it"
            }
            P::StageGateNotMet => {
                "Has not completed the previous stage or not been selected for this class's stage"
            }
            P::MobileRegistered => "This mobile number already has an account",
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in RosterMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
        for code in RosterProblemCode::ALL {
            for locale in Locale::ALL {
                assert!(!problem_name(locale, *code).is_empty());
            }
        }
    }
}
