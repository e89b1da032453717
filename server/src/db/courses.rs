//! Online courses: the course, its ordered modules and their lessons.

use chrono::Utc;
use cultivator_shared::{CourseId, CreditHours, ModuleId, PublishState, UserId};
use sea_orm::Set;
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{QueryOrder, QuerySelect};

pub mod modules {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "course_modules")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub course_id: i64,
        pub position: i32,
        pub title: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(has_many = "super::lessons::Entity")]
        Lessons,
    }

    impl Related<super::lessons::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Lessons.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod lessons {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "lessons")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub module_id: i64,
        pub position: i32,
        pub title: String,
        pub kind: String,
        pub required: bool,
        pub credit_tenths: i32,
        pub duration_secs: Option<i32>,
        pub body: Option<String>,
        pub media_path: Option<String>,
        /// The audio-only rendition of a video lesson, if uploaded.
        pub audio_path: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::modules::Entity",
            from = "Column::ModuleId",
            to = "super::modules::Column::Id"
        )]
        Module,
    }

    impl Related<super::modules::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Module.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "courses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub category: String,
    pub cover_path: Option<String>,
    pub credit_tenths: i32,
    pub state: String,
    pub author_id: i64,
    pub completion_threshold_pct: i32,
    /// Attention checks every so many minutes of playback; none when null.
    pub attention_every_minutes: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The platform that owns the course and alone lists it; `None`:
    /// shared nationally.
    pub platform_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub struct NewCourse<'a> {
    pub title: &'a str,
    pub summary: &'a str,
    pub category: &'a str,
    pub credit: CreditHours,
    pub state: PublishState,
    pub author: UserId,
}

/// Who authors `course`, or `None` when there is no such course.
pub async fn author_of(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<Option<UserId>, DbErr> {
    Ok(Entity::find_by_id(course.0)
        .one(db)
        .await?
        .map(|c| UserId(c.author_id)))
}

/// Who authors `course` and whether it is published, or `None` when there
/// is no such course.
pub async fn author_and_state(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<Option<(UserId, String)>, DbErr> {
    Ok(Entity::find_by_id(course.0)
        .one(db)
        .await?
        .map(|c| (UserId(c.author_id), c.state)))
}

pub async fn insert(db: &impl ConnectionTrait, course: NewCourse<'_>) -> Result<CourseId, DbErr> {
    let now = Utc::now();
    let model = ActiveModel {
        title: Set(course.title.to_owned()),
        summary: Set(course.summary.to_owned()),
        category: Set(course.category.to_owned()),
        cover_path: Set(None),
        credit_tenths: Set(i32::try_from(course.credit.tenths()).unwrap_or(i32::MAX)),
        state: Set(course.state.as_str().to_owned()),
        author_id: Set(course.author.0),
        completion_threshold_pct: Set(90),
        attention_every_minutes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(CourseId(model.id))
}

pub async fn insert_module(
    db: &impl ConnectionTrait,
    course: CourseId,
    position: i32,
    title: &str,
) -> Result<ModuleId, DbErr> {
    let model = modules::ActiveModel {
        course_id: Set(course.0),
        position: Set(position),
        title: Set(title.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(ModuleId(model.id))
}

pub async fn insert_lesson(
    db: &impl ConnectionTrait,
    lesson: lessons::ActiveModel,
) -> Result<(), DbErr> {
    lessons::Entity::insert(lesson)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

// Reordering and editing.

/// The ids of a course's modules and of all their lessons.
pub async fn structure(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<(Vec<i64>, Vec<i64>), DbErr> {
    let module_ids: Vec<i64> = modules::Entity::find()
        .select_only()
        .column(modules::Column::Id)
        .filter(modules::Column::CourseId.eq(course.0))
        .into_tuple()
        .all(db)
        .await?;
    let lesson_ids: Vec<i64> = lessons::Entity::find()
        .select_only()
        .column(lessons::Column::Id)
        .filter(lessons::Column::ModuleId.is_in(module_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok((module_ids, lesson_ids))
}

pub async fn place_module(
    db: &impl ConnectionTrait,
    module: i64,
    position: i32,
) -> Result<(), DbErr> {
    modules::Entity::update_many()
        .col_expr(modules::Column::Position, Expr::value(position))
        .filter(modules::Column::Id.eq(module))
        .exec(db)
        .await?;
    Ok(())
}

/// Moves a lesson to `position` in `module`.
pub async fn place_lesson(
    db: &impl ConnectionTrait,
    lesson: i64,
    module: i64,
    position: i32,
) -> Result<(), DbErr> {
    lessons::Entity::update_many()
        .col_expr(lessons::Column::ModuleId, Expr::value(module))
        .col_expr(lessons::Column::Position, Expr::value(position))
        .filter(lessons::Column::Id.eq(lesson))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn lesson(db: &impl ConnectionTrait, id: i64) -> Result<Option<lessons::Model>, DbErr> {
    lessons::Entity::find_by_id(id).one(db).await
}

/// Overwrites a lesson's editable fields; its id, kind, place and media stay.
pub async fn update_lesson(
    db: &impl ConnectionTrait,
    lesson: lessons::Model,
    draft: cultivator_shared::api::authoring::LessonDraft,
    length_secs: Option<u32>,
) -> Result<(), DbErr> {
    let mut model: lessons::ActiveModel = lesson.into();
    model.title = Set(draft.title.trim().to_owned());
    model.required = Set(draft.required);
    model.duration_secs = Set(length_secs.and_then(|d| i32::try_from(d).ok()));
    model.body = Set(draft.body_markdown);
    model.update(db).await?;
    Ok(())
}

/// The video lessons of every course `author` wrote, in course and lesson
/// order (the demo gives them its clip).
pub async fn video_lessons_by(
    db: &impl ConnectionTrait,
    author: UserId,
) -> Result<Vec<lessons::Model>, DbErr> {
    let course_ids: Vec<i64> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AuthorId.eq(author.0))
        .into_tuple()
        .all(db)
        .await?;
    let module_ids: Vec<i64> = modules::Entity::find()
        .select_only()
        .column(modules::Column::Id)
        .filter(modules::Column::CourseId.is_in(course_ids))
        .into_tuple()
        .all(db)
        .await?;
    lessons::Entity::find()
        .filter(lessons::Column::ModuleId.is_in(module_ids))
        .filter(lessons::Column::Kind.eq("video"))
        .order_by_asc(lessons::Column::Id)
        .all(db)
        .await
}

/// Published courses `author` wrote, oldest first.
pub async fn published_by(
    db: &impl ConnectionTrait,
    author: UserId,
) -> Result<Vec<CourseId>, DbErr> {
    let ids: Vec<i64> = Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::AuthorId.eq(author.0))
        .filter(Column::State.eq(PublishState::Published.as_str()))
        .order_by_asc(Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ids.into_iter().map(CourseId).collect())
}

/// Sets a lesson's length in seconds (what playback is measured against).
pub async fn set_duration(
    db: &impl ConnectionTrait,
    lesson: cultivator_shared::LessonId,
    secs: u32,
) -> Result<(), DbErr> {
    lessons::Entity::update_many()
        .col_expr(
            lessons::Column::DurationSecs,
            Expr::value(i32::try_from(secs).unwrap_or(i32::MAX)),
        )
        .filter(lessons::Column::Id.eq(lesson.0))
        .exec(db)
        .await?;
    Ok(())
}
