//! Words of the online track's trainee pages: the catalogue, course and
//! lesson pages, quizzes, "continue learning" and the credit-hour ledger.
//!
//! Each message is declared once with its Chinese and English text
//! ([`text_enum!`]), so a missing translation does not compile and the list
//! the test walks cannot fall out of date.

use chrono::{DateTime, FixedOffset, Offset, Utc};
use cultivator_shared::api::authoring::LessonKind;

use super::Locale;

/// Declares a message enum, its `ALL` list and its [`super::Text`] impl from
/// `Variant => ("中文", "English")` lines.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($zh:literal, $en:literal)),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
        }

        impl $crate::i18n::Text for $name {
            fn text(self, locale: $crate::i18n::Locale) -> &'static str {
                match (locale, self) {
                    $(($crate::i18n::Locale::ZhCn, $name::$variant) => $zh,)*
                    $(($crate::i18n::Locale::En, $name::$variant) => $en,)*
                }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(
    /// Fixed texts of the trainee's online pages.
    OnlineMsg {
        CatalogueTitle => ("课程目录", "Course catalogue"),
        SearchLabel => ("搜索课程", "Search courses"),
        CategoryLabel => ("分类", "Category"),
        AllCategories => ("全部分类", "All categories"),
        SearchSubmit => ("搜索", "Search"),
        NoMatches => ("没有找到符合条件的课程。", "No courses match."),
        BrowseCatalogue => ("浏览全部课程", "Browse all courses"),
        Enroll => ("报名学习", "Enrol"),
        Enrolled => ("已报名", "Enrolled"),
        CourseCompleted => ("已结业", "Completed"),
        CompletedNotice => ("恭喜！您已完成本课程。", "Well done! You have completed this course."),
        ProgressLabel => ("学习进度", "Progress"),
        ContentsTitle => ("课程内容", "Contents"),
        LessonDone => ("已完成", "Done"),
        QuizzesTitle => ("测验", "Quizzes"),
        ContinueLearning => ("继续学习", "Continue learning"),
        NoEnrolledCourses => ("您还没有报名任何课程。", "You have not enrolled in any course yet."),
        NextLessonLabel => ("下一课", "Next"),
        CreditsEarned => ("已获学时", "Credit hours earned"),
        LedgerTitle => ("学时台账", "Credit-hour ledger"),
        LedgerEmpty => ("还没有获得学时。", "No credit hours yet."),
        LedgerTotal => ("合计", "Total"),
        SourceCourse => ("完成线上课程", "Online course completed"),
        SourceSession => ("参加线下课次", "Offline session attended"),
        SourceOther => ("其他", "Other"),
        ViewLedger => ("查看学时台账", "View the ledger"),
        BackToCourse => ("返回课程", "Back to the course"),
        VideoNoMedia => ("视频尚未上传。", "The video has not been uploaded yet."),
        VideoHint => (
            "请按正常速度观看；快进或拖动跳过的部分不计入学习时长。",
            "Watch at normal speed; parts skipped or sped through do not count."
        ),
        WatchedLabel => ("已观看", "Watched"),
        LessonCompleted => ("本课已完成", "Lesson complete"),
        ArticleHint => (
            "阅读时长达到要求并读到文末即完成本课；只计算本页面显示在屏幕上的时间。",
            "Read to the end for the required reading time to complete this lesson; only time this page is on screen counts."
        ),
        DocumentOpen => ("打开资料", "Open the document"),
        DocumentHint => (
            "打开资料阅读，阅读时长达到要求即完成本课；只计算本页面显示在屏幕上的时间。",
            "Open the document and read it; the lesson completes after the required reading time, counted while this page is on screen."
        ),
        ReadLabel => ("已阅读", "Read"),
        AttentionTitle => ("学习确认", "Are you still there?"),
        AttentionAsk => ("请点击下面的数字：", "Tap this number:"),
        AttentionWithin => ("请在 60 秒内作答；作答前播放不计入学习时长。", "Answer within 60 seconds; playback does not count until you do."),
        AttentionWrong => ("不对，请再试一次。", "Not that one; try again."),
        AttentionExpired => ("已超时，请点击新的数字。", "Time ran out; tap the new number."),
        EnrollFirst => ("报名后才能学习本课。", "Enrol in the course to study this lesson."),
        PassMarkLabel => ("及格分", "Pass mark"),
        QuestionCountLabel => ("题目数", "Questions"),
        TimeLimitLabel => ("时限", "Time limit"),
        AttemptsLeftLabel => ("剩余作答次数", "Attempts left"),
        Unlimited => ("不限", "Unlimited"),
        StartAttempt => ("开始作答", "Start"),
        SubmitAnswers => ("提交答案", "Submit answers"),
        ScoreLabel => ("得分", "Score"),
        Passed => ("通过", "Passed"),
        NotPassed => ("未通过", "Not passed"),
        CorrectAnswer => ("正确答案", "Correct answer"),
        YourAnswer => ("你的答案", "Your answer"),
        ExplanationLabel => ("解析", "Explanation"),
        AnswersNotShown => ("本测验不公布答案。", "This quiz does not show its answers."),
        AnswersAfterLastAttempt => (
            "用完作答次数后公布答案。",
            "The answers are shown after your last allowed attempt."
        ),
        TryAgain => ("再试一次", "Try again"),
        BestScoreLabel => ("最高分", "Best score"),
        Required => ("必修", "Required"),
        Optional => ("选修", "Optional"),
        DeadlineLabel => ("请在此时间前提交", "Submit before"),
        NoAnswer => ("未作答", "No answer"),
        NextLesson => ("下一课", "Next lesson"),
        MyLearning => ("我的学习", "My learning"),
        WatchVideo => ("看视频", "Watch the video"),
        ListenAudio => ("只听音频（省流量）", "Listen (audio only, saves data)"),
        TimeLeftLabel => ("剩余时间", "Time left"),
        TimeUpSubmitted => ("时间到，答案已自动提交。", "Time is up: your answers were submitted."),
        ClassCoursesTitle => ("本班课程", "Courses of this class"),
        NoClassCourses => ("本班还没有安排课程。", "This class has no courses yet."),
        NotEnrolledYet => ("尚未报名", "Not enrolled yet"),
    }
);

pub fn lesson_kind_name(locale: Locale, kind: LessonKind) -> &'static str {
    match (locale, kind) {
        (Locale::ZhCn, LessonKind::Video) => "视频",
        (Locale::ZhCn, LessonKind::Article) => "图文",
        (Locale::ZhCn, LessonKind::Document) => "资料",
        (Locale::En, LessonKind::Video) => "Video",
        (Locale::En, LessonKind::Article) => "Article",
        (Locale::En, LessonKind::Document) => "Document",
    }
}

/// "已完成 40%" / "40% done".
pub fn percent_done(locale: Locale, pct: u32) -> String {
    match locale {
        Locale::ZhCn => format!("已完成 {pct}%"),
        Locale::En => format!("{pct}% done"),
    }
}

/// A media length or position as "m:ss".
pub fn clock(ms: u64) -> String {
    let secs = ms / 1000;
    format!("{}:{:02}", secs / 60, secs % 60)
}

/// "10 分钟" / "10 min".
pub fn minutes(locale: Locale, secs: u32) -> String {
    let mins = secs.div_ceil(60);
    match locale {
        Locale::ZhCn => format!("{mins} 分钟"),
        Locale::En => format!("{mins} min"),
    }
}

/// "80 分" / "80%".
pub fn score(locale: Locale, pct: u32) -> String {
    match locale {
        Locale::ZhCn => format!("{pct} 分"),
        Locale::En => format!("{pct}%"),
    }
}

/// A moment in Beijing time (the programme's clock), "2025-03-01 14:05".
pub fn local_time(at: DateTime<Utc>) -> String {
    let beijing = FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| Utc.fix());
    at.with_timezone(&beijing)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in OnlineMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }

    #[test]
    fn numbers_read_naturally() {
        assert_eq!(percent_done(Locale::ZhCn, 40), "已完成 40%");
        assert_eq!(clock(65_400), "1:05");
        assert_eq!(minutes(Locale::En, 61), "2 min");
        assert_eq!(score(Locale::ZhCn, 80), "80 分");
    }
}
