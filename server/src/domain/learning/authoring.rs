//! Instructors authoring courses: create and edit a course, add modules and
//! lessons, publish. Editing a published course keeps everyone's progress:
//! progress rows belong to lessons, which editing the course never replaces.

use chrono::Utc;
use cultivator_shared::api::audit::{AuditAction, AuditObject};
use cultivator_shared::api::authoring::{
    CourseDraft, CourseOutline, LessonDraft, LessonKind, LessonOutline, ModuleDraft, ModuleOutline,
};
use cultivator_shared::{CourseId, CreditHours, LessonId, ModuleId, PublishState, UserId};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set,
};

use crate::db::courses::{self, lessons, modules};
use crate::domain::audit::{self, Actor, Entry};
use crate::domain::learning::{markdown, reading};

#[derive(Debug, thiserror::Error)]
pub enum AuthoringError {
    #[error("not found")]
    NotFound,
    #[error("invalid input")]
    Invalid(Vec<cultivator_shared::FieldError>),
    #[error("the order must name every module and every lesson of the course exactly once")]
    OrderMismatch,
    #[error("a lesson's kind cannot change; add a new lesson instead")]
    KindChange,
    #[error(transparent)]
    Db(#[from] DbErr),
}

fn tenths(credit: CreditHours) -> i32 {
    i32::try_from(credit.tenths()).unwrap_or(i32::MAX)
}

pub async fn create_course(
    db: &DatabaseConnection,
    author: UserId,
    draft: CourseDraft,
) -> Result<CourseId, AuthoringError> {
    draft.validate().map_err(AuthoringError::Invalid)?;
    let id = courses::insert(
        db,
        courses::NewCourse {
            title: draft.title.trim(),
            summary: draft.summary.trim(),
            category: draft.category.trim(),
            credit: draft.credit_hours,
            state: PublishState::Draft,
            author,
        },
    )
    .await?;
    set_settings(db, id, &draft).await?;
    Ok(id)
}

/// The completion threshold and the attention checks of a new course.
async fn set_settings(
    db: &DatabaseConnection,
    id: CourseId,
    draft: &CourseDraft,
) -> Result<(), DbErr> {
    courses::Entity::update_many()
        .col_expr(
            courses::Column::CompletionThresholdPct,
            Expr::value(i32::try_from(draft.completion_threshold_pct).unwrap_or(90)),
        )
        .col_expr(
            courses::Column::AttentionEveryMinutes,
            Expr::value(attention_minutes(draft)),
        )
        .filter(courses::Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn edit_course(
    db: &DatabaseConnection,
    id: CourseId,
    draft: CourseDraft,
) -> Result<(), AuthoringError> {
    draft.validate().map_err(AuthoringError::Invalid)?;
    let course = courses::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    let mut course: courses::ActiveModel = course.into();
    course.title = Set(draft.title.trim().to_owned());
    course.summary = Set(draft.summary.trim().to_owned());
    course.category = Set(draft.category.trim().to_owned());
    course.credit_tenths = Set(tenths(draft.credit_hours));
    course.completion_threshold_pct =
        Set(i32::try_from(draft.completion_threshold_pct).unwrap_or(90));
    course.attention_every_minutes = Set(attention_minutes(&draft));
    course.updated_at = Set(Utc::now());
    course.update(db).await?;
    Ok(())
}

fn attention_minutes(draft: &CourseDraft) -> Option<i32> {
    draft
        .attention_every_minutes
        .and_then(|m| i32::try_from(m).ok())
}

/// Publishes (or withdraws) a course, with its audit record in the same
/// transaction. Courses are national: the record names no region.
pub async fn set_state(
    db: &DatabaseConnection,
    actor: &Actor,
    id: CourseId,
    state: PublishState,
) -> Result<(), AuthoringError> {
    let now = Utc::now();
    let txn = crate::db::begin_write(db).await?;
    let result = courses::Entity::update_many()
        .col_expr(courses::Column::State, Expr::value(state.as_str()))
        .col_expr(courses::Column::UpdatedAt, Expr::value(now))
        .filter(courses::Column::Id.eq(id.0))
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(AuthoringError::NotFound);
    }
    let action = if state == PublishState::Published {
        AuditAction::CoursePublished
    } else {
        AuditAction::CourseUnpublished
    };
    audit::record(
        &txn,
        actor,
        Entry::new(action, AuditObject::Course, id.0),
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn add_module(
    db: &DatabaseConnection,
    course: CourseId,
    draft: ModuleDraft,
) -> Result<ModuleId, AuthoringError> {
    draft.validate().map_err(AuthoringError::Invalid)?;
    let count = modules::Entity::find()
        .filter(modules::Column::CourseId.eq(course.0))
        .all(db)
        .await?
        .len();
    let position = i32::try_from(count + 1).unwrap_or(i32::MAX);
    Ok(courses::insert_module(db, course, position, draft.title.trim()).await?)
}

pub async fn add_lesson(
    db: &DatabaseConnection,
    module: ModuleId,
    draft: LessonDraft,
) -> Result<LessonId, AuthoringError> {
    draft.validate().map_err(AuthoringError::Invalid)?;
    let count = lessons::Entity::find()
        .filter(lessons::Column::ModuleId.eq(module.0))
        .all(db)
        .await?
        .len();
    let model = lessons::ActiveModel {
        module_id: Set(module.0),
        position: Set(i32::try_from(count + 1).unwrap_or(i32::MAX)),
        title: Set(draft.title.trim().to_owned()),
        kind: Set(draft.kind.as_str().to_owned()),
        required: Set(draft.required),
        credit_tenths: Set(0),
        duration_secs: Set(reading::stored_length_secs(&draft).and_then(|d| i32::try_from(d).ok())),
        body: Set(draft.body_markdown),
        media_path: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(LessonId(model.id))
}

/// The course of a module, for authorising edits to the module.
pub async fn course_of_module(
    db: &DatabaseConnection,
    module: ModuleId,
) -> Result<CourseId, AuthoringError> {
    let module = modules::Entity::find_by_id(module.0)
        .one(db)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    Ok(CourseId(module.course_id))
}

/// The course with its modules and lessons in order; articles rendered.
pub async fn outline(
    db: &DatabaseConnection,
    id: CourseId,
) -> Result<CourseOutline, AuthoringError> {
    let course = courses::Entity::find_by_id(id.0)
        .one(db)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    let mods = modules::Entity::find()
        .filter(modules::Column::CourseId.eq(id.0))
        .order_by_asc(modules::Column::Position)
        .all(db)
        .await?;
    let all_lessons = lessons::Entity::find()
        .filter(lessons::Column::ModuleId.is_in(mods.iter().map(|m| m.id)))
        .order_by_asc(lessons::Column::Position)
        .all(db)
        .await?;
    let modules = mods
        .into_iter()
        .map(|m| ModuleOutline {
            id: ModuleId(m.id),
            title: m.title,
            lessons: all_lessons
                .iter()
                .filter(|l| l.module_id == m.id)
                .map(|l| LessonOutline {
                    id: LessonId(l.id),
                    title: l.title.clone(),
                    kind: LessonKind::parse(&l.kind).unwrap_or(LessonKind::Document),
                    required: l.required,
                    duration_secs: l.duration_secs.and_then(|d| u32::try_from(d).ok()),
                    html: (l.kind == "article")
                        .then(|| markdown::render(l.body.as_deref().unwrap_or(""))),
                    has_audio: l.audio_path.is_some(),
                })
                .collect(),
        })
        .collect();
    let view = CourseOutline {
        id,
        title: course.title.clone(),
        summary: course.summary.clone(),
        category: course.category.clone(),
        credit_hours: CreditHours(u32::try_from(course.credit_tenths).unwrap_or(0)),
        state: PublishState::parse(&course.state).unwrap_or(PublishState::Draft),
        completion_threshold_pct: u32::try_from(course.completion_threshold_pct).unwrap_or(90),
        attention_every_minutes: course
            .attention_every_minutes
            .and_then(|m| u32::try_from(m).ok()),
        modules,
    };
    Ok(view)
}

/// Who authors `course` (the one answer to that question, for authorising
/// edits to the course and everything in it).
pub async fn author_of(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<UserId, AuthoringError> {
    courses::author_of(db, course)
        .await?
        .ok_or(AuthoringError::NotFound)
}

/// Who authors `course` and whether it is published (a stored state that
/// is not `published` counts as a draft).
pub async fn author_and_state(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<(UserId, PublishState), AuthoringError> {
    let (author, state) = courses::author_and_state(db, course)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    Ok((
        author,
        PublishState::parse(&state).unwrap_or(PublishState::Draft),
    ))
}

/// A lesson and the course it belongs to.
pub async fn lesson_with_course(
    db: &DatabaseConnection,
    lesson: LessonId,
) -> Result<(lessons::Model, CourseId), AuthoringError> {
    let lesson = lessons::Entity::find_by_id(lesson.0)
        .one(db)
        .await?
        .ok_or(AuthoringError::NotFound)?;
    let course = course_of_module(db, ModuleId(lesson.module_id)).await?;
    Ok((lesson, course))
}

/// Records where a lesson's media are stored.
pub async fn set_media(
    db: &DatabaseConnection,
    lesson: LessonId,
    key: &str,
) -> Result<(), AuthoringError> {
    lessons::Entity::update_many()
        .col_expr(lessons::Column::MediaPath, Expr::value(key))
        .filter(lessons::Column::Id.eq(lesson.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Records where a video lesson's audio-only rendition is stored.
pub async fn set_audio(
    db: &DatabaseConnection,
    lesson: LessonId,
    key: &str,
) -> Result<(), AuthoringError> {
    lessons::Entity::update_many()
        .col_expr(lessons::Column::AudioPath, Expr::value(key))
        .filter(lessons::Column::Id.eq(lesson.0))
        .exec(db)
        .await?;
    Ok(())
}
