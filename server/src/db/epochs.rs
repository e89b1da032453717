//! The change counters cached results are checked against (see the
//! `epoch` migrations). A signed-in request reads them with its session
//! (`users::by_session`); these read one alone.

use sea_orm::{ConnectionTrait, DbErr};

/// The catalogue epoch, for a page nobody is signed in to.
pub async fn catalogue(db: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let row = db
        .query_one_raw(super::counters::stmt(
            db.get_database_backend(),
            "SELECT epoch FROM catalogue_epoch WHERE id = 1",
            vec![],
        ))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "epoch")?,
        None => 0,
    })
}
