//! Instructors belong to a region, as coordinators do: an instructor's grant
//! in `user_roles.scope_region` names where they may create classes. Until
//! now instructor grants carried none (they could create classes anywhere);
//! each existing one is given its holder's home province, the narrowest
//! region that keeps what they ran before reachable in most cases.
//!
//! Creating a class no longer lets its creator manage it: only its listed
//! instructors (holding the role) and coordinators over its region do. Every
//! class has listed its creator since classes could be created through the
//! API, but classes written directly (the demo seed) did not, so their
//! creators are listed here to keep running them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SCOPE_INSTRUCTORS: &str = "UPDATE user_roles SET scope_region = \
     (SELECT substr(users.region_code, 1, 2) FROM users WHERE users.id = user_roles.user_id) \
     WHERE role = 'instructor' AND scope_region IS NULL";

const LIST_CREATORS: &str = "INSERT INTO class_instructors (class_id, user_id) \
     SELECT classes.id, classes.created_by FROM classes WHERE NOT EXISTS \
     (SELECT 1 FROM class_instructors ci \
      WHERE ci.class_id = classes.id AND ci.user_id = classes.created_by)";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(SCOPE_INSTRUCTORS).await?;
        db.execute_unprepared(LIST_CREATORS).await?;
        Ok(())
    }

    /// The scopes given and the creators listed cannot be told apart from
    /// ones set since, so going down keeps them; they grant no more than
    /// the code before this migration allowed.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
