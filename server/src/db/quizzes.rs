//! Quiz question banks, quizzes and trainees' attempts.

use cultivator_shared::{CourseId, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};

pub mod questions {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "quiz_questions")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub course_id: i64,
        pub kind: String,
        pub prompt: String,
        /// JSON array of option texts.
        pub options: String,
        /// JSON array of correct option indexes.
        pub correct: String,
        pub explanation: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod attempts {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "quiz_attempts")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub quiz_id: i64,
        pub user_id: i64,
        /// JSON array of question ids, in the order shown.
        pub question_ids: String,
        pub started_at: DateTimeUtc,
        pub deadline_at: Option<DateTimeUtc>,
        pub submitted_at: Option<DateTimeUtc>,
        pub answers: Option<String>,
        pub score_pct: Option<i32>,
        pub passed: Option<bool>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quizzes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub course_id: i64,
    pub title: String,
    pub question_count: i32,
    pub shuffle: bool,
    pub pass_pct: i32,
    pub max_attempts: Option<i32>,
    pub time_limit_secs: Option<i32>,
    pub required: bool,
    pub scoring: String,
    /// `AnswersShown::as_str`, always resolved (never the "default").
    pub show_answers: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

pub async fn bank(
    db: &impl ConnectionTrait,
    course: CourseId,
) -> Result<Vec<questions::Model>, DbErr> {
    questions::Entity::find()
        .filter(questions::Column::CourseId.eq(course.0))
        .order_by_asc(questions::Column::Id)
        .all(db)
        .await
}

pub async fn questions_by_id(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<questions::Model>, DbErr> {
    questions::Entity::find()
        .filter(questions::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await
}

pub async fn attempts_of(
    db: &impl ConnectionTrait,
    quiz: i64,
    user: UserId,
) -> Result<Vec<attempts::Model>, DbErr> {
    attempts::Entity::find()
        .filter(attempts::Column::QuizId.eq(quiz))
        .filter(attempts::Column::UserId.eq(user.0))
        .order_by_asc(attempts::Column::Id)
        .all(db)
        .await
}

pub async fn required_of(db: &impl ConnectionTrait, course: CourseId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::CourseId.eq(course.0))
        .filter(Column::Required.eq(true))
        .all(db)
        .await
}

pub async fn of_course(db: &impl ConnectionTrait, course: CourseId) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::CourseId.eq(course.0))
        .order_by_asc(Column::Id)
        .all(db)
        .await
}

pub async fn insert_attempt(
    db: &impl ConnectionTrait,
    attempt: attempts::ActiveModel,
) -> Result<attempts::Model, DbErr> {
    attempt.insert(db).await
}

/// Stores the graded submission unless the attempt was already submitted;
/// `true` only for the first submission.
pub async fn record_submission(
    db: &impl ConnectionTrait,
    attempt: &attempts::Model,
    answers: String,
    score_pct: i32,
    passed: bool,
    at: DateTimeUtc,
) -> Result<bool, DbErr> {
    use sea_orm::sea_query::Expr;
    let result = attempts::Entity::update_many()
        .col_expr(attempts::Column::SubmittedAt, Expr::value(at))
        .col_expr(attempts::Column::Answers, Expr::value(answers))
        .col_expr(attempts::Column::ScorePct, Expr::value(score_pct))
        .col_expr(attempts::Column::Passed, Expr::value(passed))
        .filter(attempts::Column::Id.eq(attempt.id))
        .filter(attempts::Column::SubmittedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

pub fn new_question(
    course: CourseId,
    kind: &str,
    prompt: &str,
    options: String,
    correct: String,
    explanation: &str,
) -> questions::ActiveModel {
    questions::ActiveModel {
        course_id: Set(course.0),
        kind: Set(kind.to_owned()),
        prompt: Set(prompt.to_owned()),
        options: Set(options),
        correct: Set(correct),
        explanation: Set(explanation.to_owned()),
        ..Default::default()
    }
}
