//! Batches of a class's certificates printed in the background: their
//! progress, for any node to report, and their files until they expire.

use chrono::{DateTime, Utc};
use cultivator_shared::ClassId;
use cultivator_shared::api::certificates::{BatchState, CertificateBatchView};
use sea_orm::entity::prelude::*;
use sea_orm::sea_query::Expr;
use sea_orm::{QueryOrder, QuerySelect, Set};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "certificate_batches")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub class_id: i64,
    pub requested_by: i64,
    pub state: String,
    pub done: i32,
    pub total: i32,
    pub pdf: Option<Vec<u8>>,
    pub zip: Option<Vec<u8>>,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    /// When the printing node last wrote progress.
    pub progressed_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// A batch without its files: what a progress check reads.
type Progress = (
    i64,
    i64,
    String,
    i32,
    i32,
    DateTimeUtc,
    DateTimeUtc,
    Option<DateTimeUtc>,
);

const PROGRESS_COLUMNS: [Column; 8] = [
    Column::Id,
    Column::ClassId,
    Column::State,
    Column::Done,
    Column::Total,
    Column::CreatedAt,
    Column::ExpiresAt,
    Column::ProgressedAt,
];

/// A batch as stored, with when it last moved: whether a running one still
/// runs is the domain's call (`batch::as_seen`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub batch: CertificateBatchView,
    pub progressed_at: DateTime<Utc>,
}

fn stored(
    (id, class, state, done, total, created_at, expires_at, progressed_at): Progress,
) -> Stored {
    Stored {
        batch: CertificateBatchView {
            id,
            class: ClassId(class),
            // An unknown stored state can only be a newer version's: not ready.
            state: BatchState::parse(&state).unwrap_or(BatchState::Running),
            done: u32::try_from(done).unwrap_or(0),
            total: u32::try_from(total).unwrap_or(0),
            created_at,
            expires_at,
        },
        progressed_at: progressed_at.unwrap_or(created_at),
    }
}

/// A new batch, running, at `at`.
pub async fn insert(
    db: &impl ConnectionTrait,
    class: ClassId,
    by: i64,
    total: u32,
    at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<CertificateBatchView, DbErr> {
    let row = ActiveModel {
        class_id: Set(class.0),
        requested_by: Set(by),
        state: Set(BatchState::Running.as_str().to_owned()),
        done: Set(0),
        total: Set(i32::try_from(total).unwrap_or(i32::MAX)),
        pdf: Set(None),
        zip: Set(None),
        created_at: Set(at),
        expires_at: Set(expires_at),
        progressed_at: Set(Some(at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(stored((
        row.id,
        row.class_id,
        row.state,
        row.done,
        row.total,
        row.created_at,
        row.expires_at,
        row.progressed_at,
    ))
    .batch)
}

/// Batch `id` of `class`, without its files.
pub async fn progress(
    db: &impl ConnectionTrait,
    class: ClassId,
    id: i64,
) -> Result<Option<Stored>, DbErr> {
    let row: Option<Progress> = Entity::find_by_id(id)
        .filter(Column::ClassId.eq(class.0))
        .select_only()
        .columns(PROGRESS_COLUMNS)
        .into_tuple()
        .one(db)
        .await?;
    Ok(row.map(stored))
}

/// A class's batches not yet expired, newest first, without their files.
pub async fn of_class(
    db: &impl ConnectionTrait,
    class: ClassId,
    now: DateTime<Utc>,
) -> Result<Vec<Stored>, DbErr> {
    let rows: Vec<Progress> = Entity::find()
        .filter(Column::ClassId.eq(class.0))
        .filter(Column::ExpiresAt.gt(now))
        .order_by_desc(Column::Id)
        .select_only()
        .columns(PROGRESS_COLUMNS)
        .limit(10)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(stored).collect())
}

/// Records that `done` certificates of batch `id` are printed, at `at`.
pub async fn set_done(
    db: &impl ConnectionTrait,
    id: i64,
    done: u32,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(
            Column::Done,
            Expr::value(i32::try_from(done).unwrap_or(i32::MAX)),
        )
        .col_expr(Column::ProgressedAt, Expr::value(at))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn finish(
    db: &impl ConnectionTrait,
    id: i64,
    pdf: Vec<u8>,
    zip: Vec<u8>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::State, Expr::value(BatchState::Ready.as_str()))
        .col_expr(Column::Pdf, Expr::value(pdf))
        .col_expr(Column::Zip, Expr::value(zip))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn fail(db: &impl ConnectionTrait, id: i64) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::State, Expr::value(BatchState::Failed.as_str()))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which file of a ready batch to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum File {
    Pdf,
    Zip,
}

/// One file of batch `id` of `class`, with the batch's state.
pub async fn file(
    db: &impl ConnectionTrait,
    class: ClassId,
    id: i64,
    which: File,
    now: DateTime<Utc>,
) -> Result<Option<(String, Option<Vec<u8>>)>, DbErr> {
    let column = match which {
        File::Pdf => Column::Pdf,
        File::Zip => Column::Zip,
    };
    Entity::find_by_id(id)
        .filter(Column::ClassId.eq(class.0))
        .filter(Column::ExpiresAt.gt(now))
        .select_only()
        .columns([Column::State, column])
        .into_tuple()
        .one(db)
        .await
}

/// Deletes the batches (and their files) expired by `now`.
pub async fn delete_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
