//! Words for the shared domain types: roles, tracks, region levels, error
//! codes and validation errors, plus numbers and dates in each language.

use chrono::{Datelike, NaiveDate};
use cultivator_shared::api::regions::RegionView;
use cultivator_shared::{
    CreditHours, EnrollmentMode, ErrorCode, RegionLevel, Role, Track, ValidationError,
};

use super::Locale;

pub fn role_name(locale: Locale, role: Role) -> &'static str {
    match (locale, role) {
        (Locale::ZhCn, Role::Trainee) => "学员",
        (Locale::ZhCn, Role::Instructor) => "讲师",
        (Locale::ZhCn, Role::Coordinator) => "协调员",
        (Locale::ZhCn, Role::Admin) => "系统管理员",
        (Locale::En, Role::Trainee) => "Trainee",
        (Locale::En, Role::Instructor) => "Instructor",
        (Locale::En, Role::Coordinator) => "Coordinator",
        (Locale::En, Role::Admin) => "Administrator",
    }
}

/// "Coordinator for 四川省 · 成都市", given the scope's name already localised.
pub fn coordinator_with_scope(locale: Locale, scope: &str) -> String {
    match locale {
        Locale::ZhCn => format!(
            "{}（管理范围：{scope}）",
            role_name(locale, Role::Coordinator)
        ),
        Locale::En => format!("{} for {scope}", role_name(locale, Role::Coordinator)),
    }
}

/// An instructor with the region they run classes in.
pub fn instructor_with_scope(locale: Locale, scope: &str) -> String {
    match locale {
        Locale::ZhCn => format!(
            "{}（工作地区：{scope}）",
            role_name(locale, Role::Instructor)
        ),
        Locale::En => format!("{} in {scope}", role_name(locale, Role::Instructor)),
    }
}

pub fn track_name(locale: Locale, track: Track) -> &'static str {
    match (locale, track) {
        (Locale::ZhCn, Track::Online) => "线上",
        (Locale::ZhCn, Track::Offline) => "线下",
        (Locale::En, Track::Online) => "Online",
        (Locale::En, Track::Offline) => "Offline",
    }
}

pub fn enrollment_mode_name(locale: Locale, mode: EnrollmentMode) -> &'static str {
    match (locale, mode) {
        (Locale::ZhCn, EnrollmentMode::Open) => "直接报名",
        (Locale::ZhCn, EnrollmentMode::Approval) => "报名后审核",
        (Locale::ZhCn, EnrollmentMode::Invitation) => "仅限邀请",
        (Locale::En, EnrollmentMode::Open) => "Open enrolment",
        (Locale::En, EnrollmentMode::Approval) => "Approval required",
        (Locale::En, EnrollmentMode::Invitation) => "By invitation only",
    }
}

pub fn region_level_name(locale: Locale, level: RegionLevel) -> &'static str {
    match (locale, level) {
        (Locale::ZhCn, RegionLevel::Province) => "省（自治区、直辖市）",
        (Locale::ZhCn, RegionLevel::Prefecture) => "市（地区、州）",
        (Locale::ZhCn, RegionLevel::County) => "县（市、区）",
        (Locale::ZhCn, RegionLevel::Township) => "乡镇（街道）",
        (Locale::ZhCn, RegionLevel::Village) => "村（社区）",
        (Locale::En, RegionLevel::Province) => "Province",
        (Locale::En, RegionLevel::Prefecture) => "Prefecture",
        (Locale::En, RegionLevel::County) => "County",
        (Locale::En, RegionLevel::Township) => "Township",
        (Locale::En, RegionLevel::Village) => "Village",
    }
}

/// A region's name in the locale's language (Chinese when no English name is known).
pub fn region_name(locale: Locale, region: &RegionView) -> &str {
    match locale {
        Locale::En if !region.name_en.trim().is_empty() => &region.name_en,
        _ => &region.name_zh,
    }
}

/// A region path, province first: "四川省 成都市 武侯区" or "Chengdu, Sichuan".
pub fn region_path(locale: Locale, path: &[RegionView]) -> String {
    let names = path.iter().map(|r| region_name(locale, r));
    match locale {
        Locale::ZhCn => names.collect::<Vec<_>>().join(" "),
        Locale::En => names.rev().collect::<Vec<_>>().join(", "),
    }
}

pub fn error_message(locale: Locale, code: ErrorCode) -> &'static str {
    use ErrorCode as E;
    match locale {
        Locale::ZhCn => match code {
            E::InvalidBody => "请求格式有误，请刷新页面后重试。",
            E::ValidationFailed => "请检查标出的内容。",
            E::Unauthenticated => "请先登录。",
            E::Forbidden => "您没有执行此操作的权限。",
            E::CsrfHeaderMissing => "请求被拒绝，请刷新页面后重试。",
            E::NotFound => "找不到所请求的内容。",
            E::MethodNotAllowed => "不支持此操作。",
            E::MobileTaken => "该手机号已注册，请直接登录。",
            E::InvalidCredentials => "手机号或密码不正确。",
            E::TooManyAttempts => "尝试次数过多，请稍后再试。",
            E::UnknownRegion => "所选地区不存在，请重新选择。",
            E::PayloadTooLarge => "提交的内容过大。",
            E::UnsupportedMediaType => "请求格式不受支持。",
            E::Conflict => "操作与当前状态冲突，请刷新后重试。",
            E::Internal => "服务器出错了，请稍后再试。",
            E::NotEnrolled => "请先报名参加本课程。",
            E::ImplausibleProgress => "学习进度异常，本次记录未被接受。",
            E::StudyTooFast => {
                "学习时长超过了实际经过的时间（可能同时在学习多门课），本次记录未被接受。"
            }
            E::ProgressTooFragmented => "本课播放片段过于零散，请从已看部分的结尾继续播放。",
            E::NoAttentionCheck => "当前没有需要确认的学习检查。",
            E::QuizAttemptsExhausted => "本测验的作答次数已用完。",
            E::QuizTimeLimitExceeded => "已超过作答时限，本次提交无效。",
            E::AttemptAlreadySubmitted => "本次作答已经提交过了。",
            E::QuestionNotInAttempt => "提交的答案包含不属于本次测验的题目。",
            E::AlreadyApplied => "您已报名此班级。",
            E::InvitationOnly => "此班级仅限邀请参加。",
            E::RemovedFromClass => "您已被移出此班级，如需重新参加请联系班级负责人。",
            E::SeatLimitReached => "名额已满，不能再批准。",
            E::NotApplied => "您尚未报名此班级。",
            E::ClassNotOpen => "此班级目前不接受报名。",
            E::InvalidCheckinCode => "签到码不正确，请核对后重新输入。",
            E::CheckinCodeExpired => "签到码已过期，请输入屏幕上最新的签到码。",
            E::NotEnrolledInClass => "您不是本班学员，不能签到。",
            E::OutsideCheckinWindow => "现在不在本次课程的签到时间内。",
            E::AlreadyCheckedIn => "您已签到，无需重复签到。",
            E::DeviceTimeAhead => "手机时间比服务器快，请校准手机时间后重试。",
            E::SyncWindowPassed => "这条记录是在无网络时做的，但超过了补传期限，未被接受。",
            E::AttendanceSuperseded => "该学员有一条更晚的考勤记录，这条未被采用。",
            E::RosterInvalid => "名单文件有问题，未导入任何人，请按下列问题修改后重新上传。",
            E::PasswordSheetGone => "初始密码表已下载过，不能再次查看。",
            E::StagePrerequisiteNotMet => "需先完成上一培训阶段，才能报名本阶段的培训班。",
            E::NotSelectedForStage => "本培训阶段需经遴选，您尚未入选，暂不能报名。",
            E::OutsideClassRegion => "本培训班面向其他地区的学员，您不能报名。",
            E::PasswordChangeRequired => "请先设置您自己的密码。",
            E::InvalidResetCode => "重置码不正确、已使用或已过期，请向工作人员重新索取。",
            E::ProgrammeCodeTaken => "已有培训计划使用此代码，请换一个。",
            E::PlatformTaken => "已有平台使用此代码或域名，请换一个。",
            E::PlatformItemElsewhere => "该课程或培训班已属于另一个平台。",
            E::PlatformItemOutsideRegion => {
                "该课程或培训班不在本平台所在地区，不能设为本平台专属。"
            }
            E::PlatformItemNotListed => "只能推荐本平台上已发布的课程和开放中的培训班。",
            E::StageInUse => "已有培训班或遴选记录使用此阶段，不能删除，可改为停用。",
            E::StageRetired => "该培训阶段已停用，不能再开设新的培训班。",
            E::SeatLimitBelowTaken => "名额不能少于已占用的名额。",
            E::ClassCancelled => "本培训班已取消。",
            E::SessionCancelled => "本次课已取消。",
            E::InstructorOutOfScope => "只能添加所在地区覆盖本班地区的教师。",
            E::LastInstructor => "培训班至少要有一位教师。",
            E::CertificateImageInvalid => "图片须为 PNG 或 JPEG。",
            E::CertificateImageTooLarge => "图片过大。",
            E::CertificateBatchNotReady => "证书仍在生成中。",
            E::CertificateBatchRunning => "本班证书正在打印，完成后再试。",
        },
        Locale::En => match code {
            E::InvalidBody => "The request was malformed. Please reload the page and try again.",
            E::ValidationFailed => "Please check the highlighted fields.",
            E::Unauthenticated => "Please sign in first.",
            E::Forbidden => "You are not allowed to do this.",
            E::CsrfHeaderMissing => {
                "The request was refused. Please reload the page and try again."
            }
            E::NotFound => "What you asked for was not found.",
            E::MethodNotAllowed => "This action is not supported.",
            E::MobileTaken => "This mobile number is already registered. Please sign in.",
            E::InvalidCredentials => "Wrong mobile number or password.",
            E::TooManyAttempts => "Too many attempts. Please try again later.",
            E::UnknownRegion => "The chosen region does not exist. Please choose again.",
            E::PayloadTooLarge => "What you sent is too large.",
            E::UnsupportedMediaType => "This kind of request is not supported.",
            E::Conflict => "This conflicts with the current state. Please reload and try again.",
            E::Internal => "Something went wrong on our side. Please try again later.",
            E::NotEnrolled => "Enrol in this course first.",
            E::ImplausibleProgress => "This progress report was not accepted.",
            E::StudyTooFast => {
                "More study time was reported than has passed (perhaps several lessons at once); it was not counted."
            }
            E::ProgressTooFragmented => {
                "This lesson was played in too many separate pieces; play on from where a watched part ends."
            }
            E::NoAttentionCheck => "No attention check is waiting.",
            E::QuizAttemptsExhausted => "You have used all attempts for this quiz.",
            E::QuizTimeLimitExceeded => {
                "The time limit has passed; this submission was not accepted."
            }
            E::AttemptAlreadySubmitted => "This attempt was already submitted.",
            E::QuestionNotInAttempt => {
                "The answers include questions that are not in this attempt."
            }
            E::AlreadyApplied => "You have already applied to this class.",
            E::InvitationOnly => "This class is by invitation only.",
            E::RemovedFromClass => {
                "You were removed from this class; ask its organisers to re-admit you."
            }
            E::SeatLimitReached => "Every seat is taken; no more can be approved.",
            E::NotApplied => "You have not applied to this class.",
            E::ClassNotOpen => "This class is not open for applications.",
            E::InvalidCheckinCode => {
                "That check-in code is not right. Please check it and try again."
            }
            E::CheckinCodeExpired => "That code has expired. Enter the code now on the screen.",
            E::NotEnrolledInClass => "Only trainees enrolled in this class can check in.",
            E::OutsideCheckinWindow => "Check-in for this session is not open now.",
            E::AlreadyCheckedIn => "You have already checked in.",
            E::DeviceTimeAhead => {
                "This phone's clock is ahead of the server's. Set the time and try again."
            }
            E::SyncWindowPassed => {
                "This was made with no signal, but sent too late to be accepted."
            }
            E::AttendanceSuperseded => {
                "A later record of this trainee's attendance stands; this one was not used."
            }
            E::RosterInvalid => {
                "The roster file has problems; nobody was imported. Fix the rows below and upload it again."
            }
            E::PasswordSheetGone => {
                "The one-time password sheet was already downloaded and cannot be shown again."
            }
            E::StagePrerequisiteNotMet => {
                "Complete the previous stage before applying to a class of this stage."
            }
            E::NotSelectedForStage => {
                "This stage takes selected trainees only, and you have not been selected."
            }
            E::OutsideClassRegion => "This class serves another region; you cannot apply to it.",
            E::PasswordChangeRequired => "Please set a password of your own first.",
            E::InvalidResetCode => {
                "The reset code is wrong, used or expired; ask the staff for a new one."
            }
            E::ProgrammeCodeTaken => "Another programme already has this code; choose another.",
            E::PlatformTaken => {
                "Another platform already has this code or host name; choose another."
            }
            E::PlatformItemElsewhere => "Another platform already owns this course or class.",
            E::PlatformItemOutsideRegion => {
                "This course or class lies outside the platform's region, so it cannot be its own."
            }
            E::PlatformItemNotListed => {
                "Only published courses and open classes listed on this platform can be featured."
            }
            E::StageInUse => {
                "Classes or selections use this stage, so it cannot be deleted; retire it instead."
            }
            E::StageRetired => "This stage is retired and takes no new classes.",
            E::SeatLimitBelowTaken => "The seat limit cannot be below the seats already taken.",
            E::ClassCancelled => "This class is cancelled.",
            E::SessionCancelled => "This session is cancelled.",
            E::InstructorOutOfScope => {
                "Only instructors whose region covers the class's region can be added."
            }
            E::LastInstructor => "A class keeps at least one instructor.",
            E::CertificateImageInvalid => "Not a PNG or JPEG picture.",
            E::CertificateImageTooLarge => "The picture is too large.",
            E::CertificateBatchNotReady => "Still being prepared.",
            E::CertificateBatchRunning => {
                "This class's certificates are printing; try again when they are done."
            }
        },
    }
}

pub fn validation_message(locale: Locale, error: ValidationError) -> String {
    use ValidationError as V;
    match locale {
        Locale::ZhCn => match error {
            V::Required => "此项必填".into(),
            V::TooShort { min } => format!("至少 {min} 个字符"),
            V::TooLong { max } => format!("最多 {max} 个字符"),
            V::InvalidMobile => "请输入正确的 11 位手机号".into(),
            V::InvalidRegionCode => "请选择所在地区".into(),
            V::WeakPassword => "密码需同时包含字母和数字".into(),
            V::InvalidCharacters => "含有不允许使用的字符".into(),
            V::ScopeMismatch => "角色与管理范围不匹配".into(),
            V::OutOfRange { min, max } => format!("应在 {min} 到 {max} 之间"),
            V::EndsBeforeStart => "结束时间不能早于开始时间".into(),
            V::NeedsAttemptLimit => "请先设定作答次数上限".into(),
            V::OutsideClassDates => "不在培训班的开班日期内".into(),
        },
        Locale::En => match error {
            V::Required => "Required".into(),
            V::TooShort { min } => format!("At least {min} characters"),
            V::TooLong { max } => format!("At most {max} characters"),
            V::InvalidMobile => "Enter a valid 11-digit mobile number".into(),
            V::InvalidRegionCode => "Choose your region".into(),
            V::WeakPassword => "Use at least one letter and one digit".into(),
            V::InvalidCharacters => "Contains characters that are not allowed".into(),
            V::ScopeMismatch => "The role and its region do not fit together".into(),
            V::OutOfRange { min, max } => format!("Must be between {min} and {max}"),
            V::EndsBeforeStart => "The end must not come before the start".into(),
            V::NeedsAttemptLimit => "Set an attempt limit first".into(),
            V::OutsideClassDates => "Outside the days the class runs".into(),
        },
    }
}

/// "学时 2.5" / "2.5 credit hours".
pub fn credit_hours(locale: Locale, hours: CreditHours) -> String {
    match locale {
        Locale::ZhCn => format!("学时 {hours}"),
        Locale::En if hours.tenths() == 10 => format!("{hours} credit hour"),
        Locale::En => format!("{hours} credit hours"),
    }
}

/// "共 12 课" / "12 lessons".
pub fn lesson_count(locale: Locale, count: u32) -> String {
    match locale {
        Locale::ZhCn => format!("共 {count} 课"),
        Locale::En if count == 1 => "1 lesson".into(),
        Locale::En => format!("{count} lessons"),
    }
}

/// "12/30" seats taken of the limit.
pub fn seats(taken: u32, limit: u32) -> String {
    format!("{taken}/{limit}")
}

/// "2025年3月1日" / "1 Mar 2025".
pub fn date(locale: Locale, day: NaiveDate) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match locale {
        Locale::ZhCn => format!("{}年{}月{}日", day.year(), day.month(), day.day()),
        Locale::En => {
            let month = MONTHS.get(day.month0() as usize).copied().unwrap_or("");
            format!("{} {month} {}", day.day(), day.year())
        }
    }
}

/// A date range: "2025年3月1日 – 2025年3月5日"; one date when both are the same day.
pub fn date_range(locale: Locale, from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        date(locale, from)
    } else {
        format!("{} – {}", date(locale, from), date(locale, to))
    }
}

pub fn enrollment_status_name(
    locale: Locale,
    status: cultivator_shared::EnrollmentStatus,
) -> &'static str {
    use cultivator_shared::EnrollmentStatus as S;
    match (locale, status) {
        (Locale::ZhCn, S::Applied) => "已报名，等待审核",
        (Locale::ZhCn, S::Waitlisted) => "候补中",
        (Locale::ZhCn, S::Enrolled) => "已录取",
        (Locale::ZhCn, S::Completed) => "已结业",
        (Locale::ZhCn, S::Withdrawn) => "已退出",
        (Locale::ZhCn, S::Rejected) => "未通过审核",
        (Locale::En, S::Applied) => "Applied, awaiting approval",
        (Locale::En, S::Waitlisted) => "On the waitlist",
        (Locale::En, S::Enrolled) => "Enrolled",
        (Locale::En, S::Completed) => "Completed",
        (Locale::En, S::Withdrawn) => "Withdrawn",
        (Locale::En, S::Rejected) => "Not accepted",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages_carry_their_limits() {
        assert_eq!(
            validation_message(Locale::ZhCn, ValidationError::TooShort { min: 8 }),
            "至少 8 个字符"
        );
        assert_eq!(
            validation_message(Locale::En, ValidationError::TooLong { max: 30 }),
            "At most 30 characters"
        );
    }

    #[test]
    fn credit_hours_use_the_shared_display() {
        assert_eq!(credit_hours(Locale::ZhCn, CreditHours(25)), "学时 2.5");
        assert_eq!(credit_hours(Locale::En, CreditHours(20)), "2 credit hours");
    }

    #[test]
    fn dates_read_naturally_in_each_language() {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
        assert_eq!(date(Locale::ZhCn, day), "2025年3月1日");
        assert_eq!(date(Locale::En, day), "1 Mar 2025");
    }
}
