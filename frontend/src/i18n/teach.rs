//! Words of the instructor's authoring pages under `/teach/courses`.

use cultivator_shared::PublishState;
use cultivator_shared::api::quizzes::{AnswersShown, QuestionKind};

use super::Locale;
use super::online::text_enum;

text_enum!(
    /// Fixed texts of the authoring pages.
    TeachMsg {
        TeachLink => ("制作课程", "Author courses"),
        TeachTitle => ("我制作的课程", "My courses"),
        NoTeachCourses => ("您还没有创建课程。", "You have not created a course yet."),
        NewCourse => ("新建课程", "New course"),
        TitleLabel => ("标题", "Title"),
        SummaryLabel => ("简介", "Summary"),
        CategoryLabel => ("分类", "Category"),
        CategoryHint => ("例如：种植技术、经营管理、乡村治理", "For example: crops, farm management, village governance"),
        CreditHoursLabel => ("学时", "Credit hours"),
        CreditHoursHint => ("可填一位小数，如 1.5", "One decimal place at most, e.g. 1.5"),
        ThresholdLabel => ("视频需观看的比例（%）", "Share of each video to watch (%)"),
        AttentionLabel => ("学习确认间隔（分钟，可不填）", "Attention checks every (minutes, optional)"),
        AttentionHint => (
            "播放视频时按此平均间隔随机弹出数字确认，防止挂机刷课；留空则不检查。",
            "While a video plays, a number to tap pops up at random moments about this often, against unattended playback; leave empty for none."
        ),
        CreateCourse => ("创建课程", "Create course"),
        SaveCourse => ("保存", "Save"),
        Saved => ("已保存。", "Saved."),
        Publish => ("发布课程", "Publish"),
        PublishedNotice => ("课程已发布，学员现在可以报名学习。", "Published: trainees can now enrol."),
        EditCourse => ("编辑", "Edit"),
        ViewAsTrainee => ("以学员视角查看", "View as a trainee"),
        DetailsTitle => ("基本信息", "Details"),
        ModulesTitle => ("章节与课时", "Modules and lessons"),
        NoModules => ("还没有章节，请先添加章节。", "No modules yet: add one first."),
        ModuleTitleLabel => ("章节名称", "Module title"),
        AddModule => ("添加章节", "Add module"),
        AddLesson => ("添加课时", "Add lesson"),
        LessonTitleLabel => ("课时名称", "Lesson title"),
        LessonKindLabel => ("课时类型", "Kind"),
        RequiredLabel => ("必修（结业必须完成）", "Required for completion"),
        DurationLabel => ("视频时长（秒）", "Video length (seconds)"),
        DurationHint => ("选择视频文件后会自动填写。", "Filled in when you choose the video file."),
        MarkdownLabel => ("正文（Markdown）", "Text (Markdown)"),
        VideoFileLabel => ("视频文件（MP4、WebM）", "Video file (MP4, WebM)"),
        DocumentFileLabel => ("资料文件（PDF、Word、PowerPoint）", "File (PDF, Word, PowerPoint)"),
        Uploading => ("正在上传…", "Uploading…"),
        LessonAdded => ("课时已添加。", "Lesson added."),
        QuestionBankTitle => ("题库", "Question bank"),
        NoQuestions => ("题库中还没有题目。", "The bank has no questions yet."),
        QuestionKindLabel => ("题型", "Question type"),
        PromptLabel => ("题干", "Question"),
        OptionsLabel => ("选项（每行一个）", "Options (one per line)"),
        CorrectLabel => ("勾选正确选项", "Tick the right options"),
        ExplanationLabel => ("解析（提交后学员可见）", "Explanation (shown after submission)"),
        AddQuestion => ("添加题目", "Add question"),
        QuestionAdded => ("题目已添加。", "Question added."),
        TrueText => ("对", "True"),
        FalseText => ("错", "False"),
        QuizzesTitle => ("测验", "Quizzes"),
        NoQuizzes => ("还没有测验。", "No quizzes yet."),
        QuizTitleLabel => ("测验名称", "Quiz title"),
        DrawCountLabel => ("每次抽取题数", "Questions drawn per attempt"),
        ShuffleLabel => ("打乱题目顺序", "Shuffle the questions"),
        PassPctLabel => ("及格分（百分制）", "Pass mark (%)"),
        MaxAttemptsLabel => ("作答次数上限（留空为不限）", "Attempt limit (blank: none)"),
        TimeLimitLabel => ("作答时限（分钟，留空为不限）", "Time limit (minutes, blank: none)"),
        QuizRequiredLabel => ("结业必须通过", "Must be passed to complete the course"),
        ScoringLabel => ("计分方式", "Which attempt counts"),
        ScoringBest => ("取最高一次", "The best"),
        ScoringLast => ("取最后一次", "The last"),
        ShowAnswersLabel => ("公布正确答案和解析", "Show the right answers and explanations"),
        ShowAnswersHint => (
            "不限作答次数时若每次都公布答案，学员反复作答即可通过，因此默认不公布。",
            "With unlimited attempts, answers shown after each one let trainees pass by retrying, so by default none are shown."
        ),
        CreateQuiz => ("创建测验", "Create quiz"),
        QuizCreated => ("测验已创建。", "Quiz created."),
        NotANumber => ("请填写数字", "Enter a number"),
        OrderTitle => ("调整顺序", "Arrange the order"),
        OrderHint => (
            "用上移、下移排好章节和课时，再点“保存顺序”。学员的学习进度不受影响。",
            "Move modules and lessons up or down, then save. Trainees' progress is kept."
        ),
        MoveUp => ("上移", "Move up"),
        MoveDown => ("下移", "Move down"),
        SaveOrder => ("保存顺序", "Save order"),
        OrderSaved => ("顺序已保存。", "Order saved."),
        AudioFileLabel => (
            "纯音频版本（可选，M4A、MP3 或 WebM，供网络慢的学员收听）",
            "Audio-only version (optional, M4A, MP3 or WebM, for slow networks)"
        ),
        HasAudio => ("含音频版", "audio version"),
        UploadAudio => ("上传纯音频版", "Upload an audio-only version"),
        ClassCoursesTitle => ("本班课程", "Courses of this class"),
        ClassCoursesHint => (
            "勾选学员要学完的已发布课程；学完全部课程即完成本班。",
            "Tick the published courses trainees follow; completing them all completes the class."
        ),
        NoPublishedCourses => ("您还没有已发布的课程。", "You have no published course yet."),
        SaveClassCourses => ("保存课程", "Save courses"),
    }
);

pub fn publish_state_name(locale: Locale, state: PublishState) -> &'static str {
    match (locale, state) {
        (Locale::ZhCn, PublishState::Draft) => "草稿",
        (Locale::ZhCn, PublishState::Published) => "已发布",
        (Locale::ZhCn, PublishState::Archived) => "已归档",
        (Locale::En, PublishState::Draft) => "Draft",
        (Locale::En, PublishState::Published) => "Published",
        (Locale::En, PublishState::Archived) => "Archived",
    }
}

pub fn question_kind_name(locale: Locale, kind: QuestionKind) -> &'static str {
    match (locale, kind) {
        (Locale::ZhCn, QuestionKind::Single) => "单选题",
        (Locale::ZhCn, QuestionKind::Multiple) => "多选题",
        (Locale::ZhCn, QuestionKind::TrueFalse) => "判断题",
        (Locale::En, QuestionKind::Single) => "Single choice",
        (Locale::En, QuestionKind::Multiple) => "Multiple choice",
        (Locale::En, QuestionKind::TrueFalse) => "True or false",
    }
}

pub fn answers_shown_name(locale: Locale, shown: AnswersShown) -> &'static str {
    match (locale, shown) {
        (Locale::ZhCn, AnswersShown::AfterEachAttempt) => "每次作答后公布",
        (Locale::ZhCn, AnswersShown::AfterLastAttempt) => "用完作答次数后公布",
        (Locale::ZhCn, AnswersShown::Never) => "不公布",
        (Locale::En, AnswersShown::AfterEachAttempt) => "After each attempt",
        (Locale::En, AnswersShown::AfterLastAttempt) => "After the last allowed attempt",
        (Locale::En, AnswersShown::Never) => "Never",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Text;

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in TeachMsg::ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }
}
