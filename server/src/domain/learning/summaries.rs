//! What the learning pages show beyond the course outline: a trainee's
//! progress in a course (ticks, attempts left, percent) and their list of
//! courses with the lesson to continue with, and in each course an online
//! class follows; an author's own courses and
//! question bank. Read-only: every change goes through `learning`,
//! `progress` and `quizzes`.

use std::collections::HashMap;
use std::sync::Arc;

use cultivator_shared::api::catalog::CourseSummary;
use cultivator_shared::api::learning::CourseEnrollmentView;
use cultivator_shared::api::my_learning::{
    AuthoredCourse, BankQuestion, LessonStatus, MyCourse, MyCourseProgress, NextLesson, QuizStatus,
    percent,
};
use cultivator_shared::api::online_classes::ClassCourseProgress;
use cultivator_shared::api::quizzes::{NewQuestion, QuestionKind};
use cultivator_shared::{ClassId, CourseId, LessonId, PublishState, UserId};
use sea_orm::{ConnectionTrait, DbErr};

use crate::db::courses::lessons;
use crate::db::{class_courses, course_enrollments, course_views, lesson_progress, quizzes};
use crate::domain::completion::course;

/// One course's lessons, the trainee's rows and attempts, judged together.
struct CourseState {
    lessons: Vec<LessonStatus>,
    quizzes: Vec<QuizStatus>,
    progress_pct: u32,
    next_lesson: Option<NextLesson>,
}

fn uint(v: impl TryInto<u32>) -> u32 {
    v.try_into().unwrap_or(0)
}

/// What a trainee's progress in a lesson is judged against: a lesson
/// without its text or media, which a cached course need not hold.
#[derive(Debug, Clone)]
pub struct LessonStep {
    pub id: i64,
    pub title: String,
    pub required: bool,
}

impl From<lessons::Model> for LessonStep {
    fn from(lesson: lessons::Model) -> Self {
        LessonStep {
            id: lesson.id,
            title: lesson.title,
            required: lesson.required,
        }
    }
}

fn judge(
    course_lessons: &[&LessonStep],
    rows: &HashMap<i64, &lesson_progress::Model>,
    course_quizzes: &[&quizzes::Model],
    attempts: &HashMap<i64, Vec<&quizzes::attempts::Model>>,
    completed: bool,
) -> CourseState {
    let done = |lesson: &LessonStep| {
        rows.get(&lesson.id)
            .is_some_and(|r| r.completed_at.is_some())
    };
    let quizzes: Vec<QuizStatus> = course_quizzes
        .iter()
        .map(|quiz| {
            let mine = attempts.get(&quiz.id).map(Vec::as_slice).unwrap_or(&[]);
            let submitted: Vec<_> = mine.iter().filter(|a| a.submitted_at.is_some()).collect();
            let history: Vec<bool> = submitted
                .iter()
                .map(|a| a.passed.unwrap_or(false))
                .collect();
            let used = uint(mine.len());
            QuizStatus {
                quiz_id: quiz.id,
                attempts_used: used,
                attempts_left: quiz.max_attempts.map(|max| uint(max).saturating_sub(used)),
                best_score_pct: submitted.iter().filter_map(|a| a.score_pct).map(uint).max(),
                passed: course::quiz_passed(&history, quiz.scoring != "last"),
            }
        })
        .collect();
    let required_lessons = course_lessons.iter().filter(|l| l.required);
    let required_quizzes = course_quizzes
        .iter()
        .zip(&quizzes)
        .filter(|(q, _)| q.required);
    let total = required_lessons.clone().count() + required_quizzes.clone().count();
    let finished = required_lessons.filter(|l| done(l)).count()
        + required_quizzes.filter(|(_, s)| s.passed).count();
    CourseState {
        lessons: course_lessons
            .iter()
            .filter_map(|l| rows.get(&l.id))
            .map(|r| LessonStatus {
                lesson_id: LessonId(r.lesson_id),
                completed: r.completed_at.is_some(),
                position_ms: u64::try_from(r.position_ms).unwrap_or(0),
                played_ms: u64::try_from(r.played_ms).unwrap_or(0),
            })
            .collect(),
        quizzes,
        progress_pct: if completed {
            100
        } else {
            percent(finished, total)
        },
        next_lesson: course_lessons
            .iter()
            .find(|l| !done(l))
            .map(|l| NextLesson {
                id: LessonId(l.id),
                title: l.title.clone(),
            }),
    }
}

/// What a course is made of, the same for every trainee (the page cache
/// keeps these per node).
#[derive(Debug)]
pub struct CourseShape {
    pub summary: CourseSummary,
    /// Its lessons in course order.
    pub lessons: Vec<LessonStep>,
    /// Its quizzes, oldest first.
    pub quizzes: Vec<quizzes::Model>,
}

/// Course id → its shape.
pub type Shapes = HashMap<i64, Arc<CourseShape>>;

/// The shapes of courses `ids` (unknown ones left out), in five queries
/// however many there are.
pub async fn shapes(db: &impl ConnectionTrait, ids: &[i64]) -> Result<Shapes, DbErr> {
    let mut summaries = summaries_by_id(db, ids).await?;
    let mut lessons: HashMap<i64, Vec<LessonStep>> = HashMap::new();
    for (course, lesson) in course_views::lessons_in_order(db, ids).await? {
        lessons.entry(course).or_default().push(lesson.into());
    }
    let mut quizzes: HashMap<i64, Vec<quizzes::Model>> = HashMap::new();
    for quiz in course_views::quizzes_of(db, ids).await? {
        quizzes.entry(quiz.course_id).or_default().push(quiz);
    }
    Ok(ids
        .iter()
        .filter_map(|id| {
            let shape = CourseShape {
                summary: summaries.remove(id)?,
                lessons: lessons.remove(id).unwrap_or_default(),
                quizzes: quizzes.remove(id).unwrap_or_default(),
            };
            Some((*id, Arc::new(shape)))
        })
        .collect())
}

/// Judges `user`'s state in each of `course_ids` (those in `shapes`) with
/// one query for their progress rows and one for their attempts.
async fn states(
    db: &impl ConnectionTrait,
    user: UserId,
    shapes: &Shapes,
    course_ids: &[i64],
    completed: &HashMap<i64, bool>,
) -> Result<HashMap<i64, CourseState>, DbErr> {
    let mine: Vec<(i64, &CourseShape)> = course_ids
        .iter()
        .filter_map(|id| Some((*id, shapes.get(id)?.as_ref())))
        .collect();
    let lesson_ids: Vec<i64> = mine
        .iter()
        .flat_map(|(_, s)| s.lessons.iter().map(|l| l.id))
        .collect();
    let rows = course_views::progress_in(db, user, &lesson_ids).await?;
    let rows: HashMap<i64, &lesson_progress::Model> =
        rows.iter().map(|r| (r.lesson_id, r)).collect();
    let quiz_ids: Vec<i64> = mine
        .iter()
        .flat_map(|(_, s)| s.quizzes.iter().map(|q| q.id))
        .collect();
    let all_attempts = course_views::attempts_in(db, user, &quiz_ids).await?;
    let mut attempts: HashMap<i64, Vec<&quizzes::attempts::Model>> = HashMap::new();
    for attempt in &all_attempts {
        attempts.entry(attempt.quiz_id).or_default().push(attempt);
    }
    Ok(mine
        .into_iter()
        .map(|(course, shape)| {
            let course_lessons: Vec<_> = shape.lessons.iter().collect();
            let course_quizzes: Vec<_> = shape.quizzes.iter().collect();
            let done = completed.get(&course).copied().unwrap_or(false);
            (
                course,
                judge(&course_lessons, &rows, &course_quizzes, &attempts, done),
            )
        })
        .collect())
}

/// `user`'s progress in `course` (empty, with no enrollment, before enrolling).
pub async fn course_progress(
    db: &impl ConnectionTrait,
    course: CourseId,
    user: UserId,
) -> Result<MyCourseProgress, DbErr> {
    let enrollment = course_enrollments::find(db, course, user).await?;
    let completed = HashMap::from([(
        course.0,
        enrollment
            .as_ref()
            .is_some_and(|e| e.completed_at.is_some()),
    )]);
    let shapes = shapes(db, &[course.0]).await?;
    let state = states(db, user, &shapes, &[course.0], &completed)
        .await?
        .remove(&course.0);
    let (lessons, quizzes, progress_pct) = state.map_or((Vec::new(), Vec::new(), 0), |s| {
        (s.lessons, s.quizzes, s.progress_pct)
    });
    Ok(MyCourseProgress {
        enrollment: enrollment.map(CourseEnrollmentView::from),
        lessons,
        quizzes,
        progress_pct,
    })
}

/// Course id → whether that enrollment is completed.
fn completed_by_course(enrollments: &[course_enrollments::Model]) -> HashMap<i64, bool> {
    enrollments
        .iter()
        .map(|e| (e.course_id, e.completed_at.is_some()))
        .collect()
}

/// The catalogue summaries of courses `ids`, by course id.
async fn summaries_by_id(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<HashMap<i64, CourseSummary>, DbErr> {
    let models = course_views::courses_by_id(db, ids).await?;
    Ok(course_views::summaries(db, models)
        .await?
        .into_iter()
        .map(|s| (s.id.0, s))
        .collect())
}

/// The courses `user` is enrolled in, most recently enrolled first, with
/// progress and the lesson to continue with.
pub async fn my_courses(db: &impl ConnectionTrait, user: UserId) -> Result<Vec<MyCourse>, DbErr> {
    let enrollments = course_enrollments::of_user(db, user).await?;
    let ids: Vec<i64> = enrollments.iter().map(|e| e.course_id).collect();
    let shapes = shapes(db, &ids).await?;
    my_courses_of(db, user, enrollments, &shapes).await
}

/// [`my_courses`] from `user`'s enrollments and the shapes of their
/// courses, which the caller may have from the page cache.
pub async fn my_courses_of(
    db: &impl ConnectionTrait,
    user: UserId,
    enrollments: Vec<course_enrollments::Model>,
    shapes: &Shapes,
) -> Result<Vec<MyCourse>, DbErr> {
    let ids: Vec<i64> = enrollments.iter().map(|e| e.course_id).collect();
    let completed = completed_by_course(&enrollments);
    let mut states = states(db, user, shapes, &ids, &completed).await?;
    Ok(enrollments
        .into_iter()
        .filter_map(|e| {
            let course = shapes.get(&e.course_id)?.summary.clone();
            let state = states.remove(&e.course_id)?;
            Some(MyCourse {
                course,
                enrolled_at: e.enrolled_at,
                completed_at: e.completed_at,
                progress_pct: state.progress_pct,
                next_lesson: state.next_lesson,
            })
        })
        .collect())
}

/// The courses online class `class` follows, in its order, each with
/// `user`'s progress (`None` where they have not enrolled in the course).
pub async fn class_course_progress(
    db: &impl ConnectionTrait,
    class: ClassId,
    user: UserId,
) -> Result<Vec<ClassCourseProgress>, DbErr> {
    let ids: Vec<i64> = class_courses::of_class(db, class)
        .await?
        .into_iter()
        .map(|c| c.0)
        .collect();
    let enrollments = course_enrollments::of_users_in(db, &[user.0], &ids).await?;
    let completed = completed_by_course(&enrollments);
    let enrolled: Vec<i64> = completed.keys().copied().collect();
    let shapes = shapes(db, &ids).await?;
    let mut states = states(db, user, &shapes, &enrolled, &completed).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            Some(ClassCourseProgress {
                course: shapes.get(id)?.summary.clone(),
                progress_pct: states.remove(id).map(|s| s.progress_pct),
                completed: completed.get(id).copied().unwrap_or(false),
            })
        })
        .collect())
}

/// Courses authored by `author` (all courses for `None`), drafts included.
pub async fn authored_courses(
    db: &impl ConnectionTrait,
    author: Option<UserId>,
) -> Result<Vec<AuthoredCourse>, DbErr> {
    let models = course_views::authored(db, author).await?;
    let states: Vec<PublishState> = models
        .iter()
        .map(|m| PublishState::parse(&m.state).unwrap_or(PublishState::Draft))
        .collect();
    Ok(course_views::summaries(db, models)
        .await?
        .into_iter()
        .zip(states)
        .map(|(course, state)| AuthoredCourse { course, state })
        .collect())
}

/// A course's question bank with the answers, for its editors.
pub async fn question_bank(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<Vec<BankQuestion>, DbErr> {
    Ok(quizzes::bank(db, course)
        .await?
        .into_iter()
        .map(|q| BankQuestion {
            id: q.id,
            question: NewQuestion {
                kind: QuestionKind::parse(&q.kind).unwrap_or(QuestionKind::Single),
                options: serde_json::from_str(&q.options).unwrap_or_default(),
                correct: serde_json::from_str(&q.correct).unwrap_or_default(),
                prompt: q.prompt,
                explanation: q.explanation,
            },
        })
        .collect())
}
