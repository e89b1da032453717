//! The class page's list of each member's online progress (staff bundle).

use super::{Locale, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgressMsg {
    Title,
    NoCourses,
    NoMembers,
    SortBy,
    ByName,
    ByPercent,
    ByTime,
    ByQuiz,
    ByActivity,
    Descending,
    Name,
    Lessons,
    Percent,
    Minutes,
    Quiz,
    LastActivity,
    Never,
    DownloadCsv,
    DownloadXlsx,
    Previous,
    Next,
}

impl Text for ProgressMsg {
    fn text(self, locale: Locale) -> &'static str {
        use ProgressMsg::*;
        match (locale, self) {
            (Locale::ZhCn, Title) => "学员线上学习进度",
            (Locale::ZhCn, NoCourses) => "本班还没有设置线上课程。",
            (Locale::ZhCn, NoMembers) => "本班还没有学员。",
            (Locale::ZhCn, SortBy) => "排序",
            (Locale::ZhCn, ByName) => "姓名",
            (Locale::ZhCn, ByPercent) => "完成比例",
            (Locale::ZhCn, ByTime) => "有效学习时长",
            (Locale::ZhCn, ByQuiz) => "测验最高分",
            (Locale::ZhCn, ByActivity) => "最近学习",
            (Locale::ZhCn, Descending) => "从高到低",
            (Locale::ZhCn, Name) => "姓名",
            (Locale::ZhCn, Lessons) => "已完成必修课时",
            (Locale::ZhCn, Percent) => "完成比例",
            (Locale::ZhCn, Minutes) => "有效时长（分钟）",
            (Locale::ZhCn, Quiz) => "测验最高分",
            (Locale::ZhCn, LastActivity) => "最近学习",
            (Locale::ZhCn, Never) => "尚未开始",
            (Locale::ZhCn, DownloadCsv) => "下载 CSV",
            (Locale::ZhCn, DownloadXlsx) => "下载 Excel",
            (Locale::ZhCn, Previous) => "上一页",
            (Locale::ZhCn, Next) => "下一页",
            (Locale::En, Title) => "Members' online progress",
            (Locale::En, NoCourses) => "This class follows no online course yet.",
            (Locale::En, NoMembers) => "This class has no members yet.",
            (Locale::En, SortBy) => "Sort by",
            (Locale::En, ByName) => "Name",
            (Locale::En, ByPercent) => "Share done",
            (Locale::En, ByTime) => "Verified study time",
            (Locale::En, ByQuiz) => "Best quiz score",
            (Locale::En, ByActivity) => "Last activity",
            (Locale::En, Descending) => "Highest first",
            (Locale::En, Name) => "Name",
            (Locale::En, Lessons) => "Required lessons done",
            (Locale::En, Percent) => "Share done",
            (Locale::En, Minutes) => "Verified minutes",
            (Locale::En, Quiz) => "Best quiz score",
            (Locale::En, LastActivity) => "Last activity",
            (Locale::En, Never) => "Not started",
            (Locale::En, DownloadCsv) => "Download CSV",
            (Locale::En, DownloadXlsx) => "Download Excel",
            (Locale::En, Previous) => "Previous",
            (Locale::En, Next) => "Next",
        }
    }
}
