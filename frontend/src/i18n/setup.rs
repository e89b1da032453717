//! Setting up programmes and reading the audit trail (staff bundle only).

use cultivator_shared::RegionLevel;
use cultivator_shared::api::audit::{AuditAction, AuditObject};

use super::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetupMsg {
    ProgrammesTitle,
    OpenProgrammes,
    ProgrammesIntro,
    NoProgrammes,
    NewProgramme,
    Code,
    CodeHint,
    Title,
    Summary,
    StartsOn,
    EndsOn,
    OwnerRegion,
    OwnerRegionHint,
    Stages,
    StageTitle,
    Track,
    Online,
    Offline,
    RequiresPrevious,
    RequiresSelection,
    SelectedBy,
    Retired,
    InUse,
    AddStage,
    RemoveStage,
    DeleteStage,
    Create,
    Save,
    Saved,
    BackToProgrammes,
    SetTargets,
    StageCount,
    AuditTitle,
    OpenAudit,
    AuditIntro,
    AllActions,
    AllObjects,
    Action,
    Object,
    Actor,
    ActorId,
    From,
    Until,
    Region,
    When,
    Address,
    Change,
    DownloadCsv,
    NothingRecorded,
    System,
    Previous,
    Next,
    Filter,
}

impl Text for SetupMsg {
    fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }
}

impl SetupMsg {
    fn zh(self) -> &'static str {
        use SetupMsg::*;
        match self {
            ProgrammesTitle => "培训计划设置",
            OpenProgrammes => "设置培训计划",
            ProgrammesIntro => {
                "创建培训计划及其培训阶段（线上学习 → 首次线下集中培训 → 考察学习 → 进阶培训 → 成果交流），之后即可为各地区设定目标、开设培训班。"
            }
            NoProgrammes => "还没有培训计划。",
            NewProgramme => "新建培训计划",
            Code => "计划代码",
            CodeHint => "小写字母、数字和连字符，如 rural-leaders-2027；设置文件用它指代本计划。",
            Title => "名称",
            Summary => "简介",
            StartsOn => "开始日期",
            EndsOn => "结束日期",
            OwnerRegion => "主办地区代码",
            OwnerRegionHint => "全国性计划请留空；省级计划填省代码，如 51。",
            Stages => "培训阶段",
            StageTitle => "阶段名称",
            Track => "形式",
            Online => "线上",
            Offline => "线下",
            RequiresPrevious => "须先完成上一阶段",
            RequiresSelection => "须经遴选",
            SelectedBy => "由哪一级遴选",
            Retired => "已停用",
            InUse => "使用中",
            AddStage => "添加阶段",
            RemoveStage => "移除",
            DeleteStage => "删除阶段",
            Create => "创建培训计划",
            Save => "保存",
            Saved => "已保存。",
            BackToProgrammes => "返回培训计划列表",
            SetTargets => "设定目标",
            StageCount => "个阶段",
            AuditTitle => "操作日志",
            OpenAudit => "查看操作日志",
            AuditIntro => {
                "辖区内每一次管理操作：谁、以什么角色、对什么、何时、从哪里做的。日志不能修改或删除。"
            }
            AllActions => "全部操作",
            AllObjects => "全部对象",
            Action => "操作",
            Object => "对象",
            Actor => "操作人",
            ActorId => "操作人编号",
            From => "起始日期",
            Until => "截止日期（不含）",
            Region => "地区",
            When => "时间",
            Address => "来源地址",
            Change => "变更内容",
            DownloadCsv => "下载 CSV",
            NothingRecorded => "没有符合条件的记录。",
            System => "系统",
            Previous => "上一页",
            Next => "下一页",
            Filter => "筛选",
        }
    }

    fn en(self) -> &'static str {
        use SetupMsg::*;
        match self {
            ProgrammesTitle => "Programme set-up",
            OpenProgrammes => "Set up programmes",
            ProgrammesIntro => {
                "Create a programme and the stages of its pathway (online study → first offline course → study tour → advanced course → results sharing); then set targets for regions and open classes in it."
            }
            NoProgrammes => "There are no programmes yet.",
            NewProgramme => "New programme",
            Code => "Code",
            CodeHint => {
                "Lower-case letters, digits and hyphens, e.g. rural-leaders-2027; set-up files name the programme by it."
            }
            Title => "Title",
            Summary => "Description",
            StartsOn => "Starts on",
            EndsOn => "Ends on",
            OwnerRegion => "Owning region code",
            OwnerRegionHint => {
                "Leave empty for a national programme; a province's code (e.g. 51) for a provincial one."
            }
            Stages => "Stages",
            StageTitle => "Stage title",
            Track => "Track",
            Online => "Online",
            Offline => "Offline",
            RequiresPrevious => "Previous stage required",
            RequiresSelection => "Selection required",
            SelectedBy => "Selected by",
            Retired => "Retired",
            InUse => "In use",
            AddStage => "Add a stage",
            RemoveStage => "Remove",
            DeleteStage => "Delete stage",
            Create => "Create programme",
            Save => "Save",
            Saved => "Saved.",
            BackToProgrammes => "Back to programmes",
            SetTargets => "Set targets",
            StageCount => "stages",
            AuditTitle => "Audit trail",
            OpenAudit => "Open the audit trail",
            AuditIntro => {
                "Every administrative action in your region: who, in what role, to what, when and from where. Records cannot be changed or deleted."
            }
            AllActions => "All actions",
            AllObjects => "All objects",
            Action => "Action",
            Object => "Object",
            Actor => "By",
            ActorId => "Actor id",
            From => "From",
            Until => "Until (exclusive)",
            Region => "Region",
            When => "When",
            Address => "Address",
            Change => "Change",
            DownloadCsv => "Download CSV",
            NothingRecorded => "No records match.",
            System => "System",
            Previous => "Previous",
            Next => "Next",
            Filter => "Filter",
        }
    }
}

pub fn level_name(locale: Locale, level: RegionLevel) -> &'static str {
    use RegionLevel::*;
    match (locale, level) {
        (Locale::ZhCn, Province) => "省级",
        (Locale::ZhCn, Prefecture) => "市级",
        (Locale::ZhCn, County) => "县级",
        (Locale::ZhCn, Township) => "乡镇级",
        (Locale::ZhCn, Village) => "村级",
        (Locale::En, Province) => "Province",
        (Locale::En, Prefecture) => "Prefecture",
        (Locale::En, County) => "County",
        (Locale::En, Township) => "Township",
        (Locale::En, Village) => "Village",
    }
}

pub fn object_name(locale: Locale, object: AuditObject) -> &'static str {
    use AuditObject::*;
    match (locale, object) {
        (Locale::ZhCn, User) => "账号",
        (Locale::ZhCn, Programme) => "培训计划",
        (Locale::ZhCn, Stage) => "培训阶段",
        (Locale::ZhCn, Target) => "目标",
        (Locale::ZhCn, Course) => "课程",
        (Locale::ZhCn, Class) => "培训班",
        (Locale::ZhCn, Session) => "课次",
        (Locale::ZhCn, Enrollment) => "报名",
        (Locale::ZhCn, RosterImport) => "名单导入",
        (Locale::ZhCn, Platform) => "平台",
        (Locale::ZhCn, Certificate) => "结业证书",
        (Locale::ZhCn, SigningKey) => "证书签名密钥",
        (Locale::En, User) => "Account",
        (Locale::En, Programme) => "Programme",
        (Locale::En, Stage) => "Stage",
        (Locale::En, Target) => "Target",
        (Locale::En, Course) => "Course",
        (Locale::En, Class) => "Class",
        (Locale::En, Session) => "Session",
        (Locale::En, Enrollment) => "Enrolment",
        (Locale::En, RosterImport) => "Roster import",
        (Locale::En, Platform) => "Platform",
        (Locale::En, Certificate) => "Certificate",
        (Locale::En, SigningKey) => "Certificate signing key",
    }
}

pub fn action_name(locale: Locale, action: AuditAction) -> &'static str {
    match locale {
        Locale::ZhCn => action_zh(action),
        Locale::En => action_en(action),
    }
}

fn action_zh(action: AuditAction) -> &'static str {
    use AuditAction::*;
    match action {
        RolesChanged => "修改角色",
        UserSignedOut => "强制退出登录",
        AccountCreated => "创建账号",
        PasswordReset => "重置密码",
        ProfileChanged => "修改个人信息",
        AccountDeleted => "注销账号",
        TargetSet => "设定目标",
        ProgrammeCreated => "创建培训计划",
        ProgrammeChanged => "修改培训计划",
        PlatformCreated => "创建平台",
        PlatformChanged => "修改平台外观",
        PlatformFeaturedChanged => "修改平台推荐",
        PlatformItemOwned => "设为平台专属",
        PlatformItemShared => "改为全国共享",
        PlatformLogoChanged => "更换平台标志",
        StageAdded => "添加培训阶段",
        StageChanged => "修改培训阶段",
        StageDeleted => "删除培训阶段",
        CourseCreated => "创建课程",
        CoursePublished => "发布课程",
        CourseUnpublished => "撤下课程",
        ClassCreated => "开设培训班",
        ClassChanged => "修改培训班",
        ClassCancelled => "取消培训班",
        InstructorAssigned => "指派教师",
        InstructorRemoved => "移除教师",
        SessionCreated => "添加课次",
        SessionChanged => "修改课次",
        SessionCancelled => "取消课次",
        EnrollmentApproved => "通过报名",
        EnrollmentRejected => "拒绝报名",
        EnrollmentRemoved => "移出学员",
        ClassCompletionDecided => "判定结业",
        AttendanceCorrected => "修改考勤",
        AttendanceConflict => "考勤记录冲突",
        CandidateSelected => "遴选入选",
        CandidateUnselected => "撤销遴选",
        RosterImported => "导入名单",
        PasswordSheetDownloaded => "下载初始密码表",
        PasswordChanged => "修改密码",
        ResetCodeUsed => "用重置码设置密码",
        RegionChanged => "变更常住地",
        CertificateRevoked => "撤销结业证书",
        CertificateReissued => "重新签发结业证书",
        CertificateTemplateChanged => "修改证书模板",
        SigningKeyRotated => "更换证书签名密钥",
    }
}

fn action_en(action: AuditAction) -> &'static str {
    use AuditAction::*;
    match action {
        RolesChanged => "Roles changed",
        UserSignedOut => "Signed out everywhere",
        AccountCreated => "Account created",
        PasswordReset => "Password reset",
        ProfileChanged => "Profile changed",
        AccountDeleted => "Account deleted",
        TargetSet => "Targets set",
        ProgrammeCreated => "Programme created",
        ProgrammeChanged => "Programme changed",
        PlatformCreated => "Platform created",
        PlatformChanged => "Platform branding changed",
        PlatformFeaturedChanged => "Platform's featured items changed",
        PlatformItemOwned => "Made the platform's own",
        PlatformItemShared => "Shared nationally",
        PlatformLogoChanged => "Platform logo changed",
        StageAdded => "Stage added",
        StageChanged => "Stage changed",
        StageDeleted => "Stage deleted",
        CourseCreated => "Course created",
        CoursePublished => "Course published",
        CourseUnpublished => "Course withdrawn",
        ClassCreated => "Class created",
        ClassChanged => "Class changed",
        ClassCancelled => "Class cancelled",
        InstructorAssigned => "Instructor assigned",
        InstructorRemoved => "Instructor removed",
        SessionCreated => "Session added",
        SessionChanged => "Session changed",
        SessionCancelled => "Session cancelled",
        EnrollmentApproved => "Application approved",
        EnrollmentRejected => "Application rejected",
        EnrollmentRemoved => "Trainee removed",
        ClassCompletionDecided => "Completion decided",
        AttendanceCorrected => "Attendance corrected",
        AttendanceConflict => "Attendance records conflicted",
        CandidateSelected => "Candidate selected",
        CandidateUnselected => "Selection withdrawn",
        RosterImported => "Roster imported",
        PasswordSheetDownloaded => "Password sheet downloaded",
        PasswordChanged => "Password changed",
        ResetCodeUsed => "Password set with a reset code",
        RegionChanged => "Home region changed",
        CertificateRevoked => "Certificate revoked",
        CertificateReissued => "Certificate reissued",
        CertificateTemplateChanged => "Certificate template changed",
        SigningKeyRotated => "Signing key rotated",
    }
}
