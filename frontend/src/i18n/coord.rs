//! The coordinators' pages: dashboard, targets and classes in scope.

use super::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordMsg {
    DashboardTitle,
    OpenDashboard,
    OpenAudit,
    OpenProgrammes,
    OpenPlatform,
    ProgrammeLabel,
    TrackLabel,
    AllTracks,
    FromLabel,
    ToLabel,
    Trained,
    Target,
    NoTarget,
    MonthlyPace,
    Projected,
    ChildrenChartTitle,
    ChildrenChartHint,
    MonthlyChartTitle,
    LegendTarget,
    LegendTrained,
    TableTitle,
    RegionColumn,
    ShortfallColumn,
    DownloadCsv,
    DownloadXlsx,
    NoChildren,
    NoMonths,
    ClassesTitle,
    FillRate,
    AttendanceRate,
    CompletionRate,
    NoClassesInScope,
    TargetsLink,
    TargetsTitle,
    YearLabel,
    WholeProgramme,
    OwnTarget,
    ChildrenSum,
    NotAddingUp,
    SaveTargets,
    TargetsSaved,
    BackToDashboard,
    NoProgramme,
}

impl Text for CoordMsg {
    fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }
}

impl CoordMsg {
    fn zh(self) -> &'static str {
        use CoordMsg::*;
        match self {
            DashboardTitle => "培训进度看板",
            OpenDashboard => "进入培训进度看板",
            OpenAudit => "操作日志",
            OpenProgrammes => "培训计划设置",
            OpenPlatform => "平台外观",
            ProgrammeLabel => "培训项目",
            TrackLabel => "培训方式",
            AllTracks => "线上和线下",
            FromLabel => "起始月份",
            ToLabel => "截止月份",
            Trained => "已培训",
            Target => "目标",
            NoTarget => "未设定目标",
            MonthlyPace => "近三个月平均每月",
            Projected => "按此进度，项目结束时预计",
            ChildrenChartTitle => "下级地区：目标与已培训（缺口大的在前）",
            ChildrenChartHint => "点击地区查看下一级。",
            MonthlyChartTitle => "每月新增培训人数",
            LegendTarget => "目标",
            LegendTrained => "已培训",
            TableTitle => "各地区明细",
            RegionColumn => "地区",
            ShortfallColumn => "缺口",
            DownloadCsv => "下载 CSV",
            DownloadXlsx => "下载 Excel",
            NoChildren => "没有下级地区。",
            NoMonths => "所选期间还没有人完成培训。",
            ClassesTitle => "辖区内的班级",
            FillRate => "满员率",
            AttendanceRate => "出勤率",
            CompletionRate => "结业率",
            NoClassesInScope => "辖区内还没有班级。",
            TargetsLink => "设置下级目标",
            TargetsTitle => "下级地区培训目标",
            YearLabel => "年度",
            WholeProgramme => "整个项目期",
            OwnTarget => "本级目标",
            ChildrenSum => "下级合计",
            NotAddingUp => "下级目标之和与本级目标不一致。",
            SaveTargets => "保存目标",
            TargetsSaved => "目标已保存。",
            BackToDashboard => "返回看板",
            NoProgramme => "还没有培训项目。",
        }
    }

    fn en(self) -> &'static str {
        use CoordMsg::*;
        match self {
            DashboardTitle => "Training dashboard",
            OpenDashboard => "Open the training dashboard",
            OpenAudit => "Audit trail",
            OpenProgrammes => "Programme set-up",
            OpenPlatform => "Platform branding",
            ProgrammeLabel => "Programme",
            TrackLabel => "Track",
            AllTracks => "Online and offline",
            FromLabel => "From month",
            ToLabel => "To month",
            Trained => "Trained",
            Target => "Target",
            NoTarget => "No target set",
            MonthlyPace => "Average per month, last three months",
            Projected => "Projected by the programme's end at this pace",
            ChildrenChartTitle => "Regions below: target and trained (largest shortfall first)",
            ChildrenChartHint => "Tap a region to see the level below.",
            MonthlyChartTitle => "People newly trained per month",
            LegendTarget => "Target",
            LegendTrained => "Trained",
            TableTitle => "By region",
            RegionColumn => "Region",
            ShortfallColumn => "Shortfall",
            DownloadCsv => "Download CSV",
            DownloadXlsx => "Download Excel",
            NoChildren => "No regions below this one.",
            NoMonths => "Nobody has completed training in this period yet.",
            ClassesTitle => "Classes in this region",
            FillRate => "Fill rate",
            AttendanceRate => "Attendance",
            CompletionRate => "Completion",
            NoClassesInScope => "No classes in this region yet.",
            TargetsLink => "Set targets for the regions below",
            TargetsTitle => "Targets of the regions below",
            YearLabel => "Year",
            WholeProgramme => "Whole programme",
            OwnTarget => "This region's target",
            ChildrenSum => "Sum of the regions below",
            NotAddingUp => "The regions' targets do not add up to this region's.",
            SaveTargets => "Save targets",
            TargetsSaved => "Targets saved.",
            BackToDashboard => "Back to the dashboard",
            NoProgramme => "There is no programme yet.",
        }
    }
}

/// "12,345", digits grouped in threes in both languages.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "12,345 人" or "12,345 people".
pub fn people(locale: Locale, n: u64) -> String {
    match locale {
        Locale::ZhCn => format!("{} 人", count(n)),
        Locale::En if n == 1 => "1 person".to_owned(),
        Locale::En => format!("{} people", count(n)),
    }
}

/// "45.2%", or "—" when there is nothing to divide by.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}%"))
}

/// A `yyyymm` month: "2026年5月" or "May 2026".
pub fn month(locale: Locale, yyyymm: i32) -> String {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (year, m) = (yyyymm / 100, yyyymm % 100);
    match locale {
        Locale::ZhCn => format!("{year}年{m}月"),
        Locale::En => {
            let name = usize::try_from(m - 1)
                .ok()
                .and_then(|i| NAMES.get(i))
                .unwrap_or(&"?");
            format!("{name} {year}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_text_in_every_language() {
        use CoordMsg::*;
        let all = [
            DashboardTitle,
            OpenDashboard,
            OpenAudit,
            OpenProgrammes,
            OpenPlatform,
            ProgrammeLabel,
            TrackLabel,
            AllTracks,
            FromLabel,
            ToLabel,
            Trained,
            Target,
            NoTarget,
            MonthlyPace,
            Projected,
            ChildrenChartTitle,
            ChildrenChartHint,
            MonthlyChartTitle,
            LegendTarget,
            LegendTrained,
            TableTitle,
            RegionColumn,
            ShortfallColumn,
            DownloadCsv,
            DownloadXlsx,
            NoChildren,
            NoMonths,
            ClassesTitle,
            FillRate,
            AttendanceRate,
            CompletionRate,
            NoClassesInScope,
            TargetsLink,
            TargetsTitle,
            YearLabel,
            WholeProgramme,
            OwnTarget,
            ChildrenSum,
            NotAddingUp,
            SaveTargets,
            TargetsSaved,
            BackToDashboard,
            NoProgramme,
        ];
        for msg in all {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn numbers_are_grouped_and_months_named() {
        assert_eq!(count(0), "0");
        assert_eq!(count(1_000), "1,000");
        assert_eq!(count(1_234_567), "1,234,567");
        assert_eq!(people(Locale::ZhCn, 240_000), "240,000 人");
        assert_eq!(month(Locale::ZhCn, 202605), "2026年5月");
        assert_eq!(month(Locale::En, 202612), "Dec 2026");
        assert_eq!(percent(Some(40.0)), "40.0%");
    }
}
