//! Accounts and the roles they hold.

use chrono::Utc;
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};
use sea_orm::entity::prelude::*;
use sea_orm::{Condition, PaginatorTrait, QueryOrder, QuerySelect, Set};

use super::corrupt;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(unique)]
    pub mobile: String,
    pub password_hash: String,
    pub region_code: String,
    pub created_at: DateTimeUtc,
    /// Made by an administrator or a roster import: the person must set a
    /// password of their own before doing anything else.
    pub must_change_password: bool,
    /// When the owner deleted the account (its personal data is gone).
    pub deleted_at: Option<DateTimeUtc>,
    /// The platform the person registered through (`None`: the national
    /// site, or an account made by staff).
    pub platform_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    pub fn user_id(&self) -> UserId {
        UserId(self.id)
    }

    pub fn region(&self) -> Result<RegionCode, DbErr> {
        RegionCode::parse(&self.region_code)
            .map_err(|_| corrupt("users", "region_code", &self.region_code))
    }
}

pub mod roles {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "user_roles")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub role: String,
        pub scope_region: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub struct NewUser<'a> {
    pub name: &'a str,
    pub mobile: &'a str,
    pub password_hash: &'a str,
    pub region: &'a RegionCode,
    /// The platform registered through; `None` when made by staff.
    pub platform: Option<i64>,
}

pub async fn insert(db: &impl ConnectionTrait, user: NewUser<'_>) -> Result<Model, DbErr> {
    ActiveModel {
        name: Set(user.name.to_owned()),
        mobile: Set(user.mobile.to_owned()),
        password_hash: Set(user.password_hash.to_owned()),
        region_code: Set(user.region.to_string()),
        created_at: Set(Utc::now()),
        platform_id: Set(user.platform),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &impl ConnectionTrait, id: UserId) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id.0).one(db).await
}

pub async fn find_by_mobile(
    db: &impl ConnectionTrait,
    mobile: &str,
) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::Mobile.eq(mobile))
        .one(db)
        .await
}

/// Users whose name or mobile number contains `query`, newest first
/// (deleted accounts, anonymous now, are left out).
pub async fn search(
    db: &impl ConnectionTrait,
    query: &str,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Model>, u64), DbErr> {
    let mut select = Entity::find().filter(Column::DeletedAt.is_null());
    if !query.is_empty() {
        select = select.filter(
            Condition::any()
                .add(Column::Name.contains(query))
                .add(Column::Mobile.contains(query)),
        );
    }
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_desc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((items, total))
}

pub async fn update_password(
    db: &impl ConnectionTrait,
    id: UserId,
    password_hash: &str,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::PasswordHash, Expr::value(password_hash))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Accounts living in one of `homes` (region code prefixes; empty: none)
/// whose name contains `name` or whose mobile number is `mobile`, newest
/// first, deleted ones left out. A number matches only whole, so a search
/// reveals no digits that a masked list hides.
pub async fn search_in(
    db: &impl ConnectionTrait,
    homes: &[String],
    name: &str,
    mobile: Option<&str>,
    limit: u64,
    offset: u64,
) -> Result<(Vec<Model>, u64), DbErr> {
    let mut within = Condition::any();
    for home in homes {
        within = within.add(Column::RegionCode.starts_with(home.as_str()));
    }
    let mut select = Entity::find()
        .filter(Column::DeletedAt.is_null())
        .filter(within);
    if !name.is_empty() || mobile.is_some() {
        let mut matches = Condition::any();
        if !name.is_empty() {
            matches = matches.add(Column::Name.contains(name));
        }
        if let Some(mobile) = mobile {
            matches = matches.add(Column::Mobile.eq(mobile));
        }
        select = select.filter(matches);
    }
    let total = select.clone().count(db).await?;
    let items = select
        .order_by_desc(Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((items, total))
}

/// The owner's own new password: the must-set-a-password flag ends with it.
pub async fn set_own_password(
    db: &impl ConnectionTrait,
    id: UserId,
    password_hash: &str,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::PasswordHash, Expr::value(password_hash))
        .col_expr(Column::MustChangePassword, Expr::value(false))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn rename(db: &impl ConnectionTrait, id: UserId, name: &str) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::Name, Expr::value(name))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn move_home(
    db: &impl ConnectionTrait,
    id: UserId,
    region: &RegionCode,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::RegionCode, Expr::value(region.to_string()))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    Ok(())
}

/// Erases what identifies the person: the name and mobile number are
/// replaced, the password with one nobody knows; every role grant goes. The
/// id and home region stay, so that their enrolments, completions and
/// credit hours still count, as anonymous numbers, where they counted.
pub async fn anonymise(
    db: &impl ConnectionTrait,
    id: UserId,
    placeholder_name: &str,
    unusable_hash: &str,
    at: chrono::DateTime<Utc>,
) -> Result<(), DbErr> {
    Entity::update_many()
        .col_expr(Column::Name, Expr::value(placeholder_name))
        .col_expr(Column::Mobile, Expr::value(format!("deleted-{}", id.0)))
        .col_expr(Column::PasswordHash, Expr::value(unusable_hash))
        .col_expr(Column::MustChangePassword, Expr::value(false))
        .col_expr(Column::DeletedAt, Expr::value(at))
        .filter(Column::Id.eq(id.0))
        .exec(db)
        .await?;
    replace_roles(db, id, &[]).await
}

pub async fn roles_of(db: &impl ConnectionTrait, id: UserId) -> Result<Vec<RoleGrant>, DbErr> {
    let rows = roles::Entity::find()
        .filter(roles::Column::UserId.eq(id.0))
        .order_by_asc(roles::Column::Id)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let role =
                Role::parse(&row.role).ok_or_else(|| corrupt("user_roles", "role", &row.role))?;
            let scope = row
                .scope_region
                .map(|code| {
                    RegionCode::parse(&code)
                        .map_err(|_| corrupt("user_roles", "scope_region", &code))
                })
                .transpose()?;
            Ok(RoleGrant { role, scope })
        })
        .collect()
}

/// The account a session signs in, with its home region and role grants.
#[derive(Debug, Clone)]
pub struct SessionOwner {
    pub id: UserId,
    pub region: RegionCode,
    pub roles: Vec<RoleGrant>,
    /// The account must set a password of its own first.
    pub must_change_password: bool,
}

/// What one query tells about a request's session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub owner: SessionOwner,
    /// When the session expires (Unix seconds).
    pub expires_at: i64,
    /// The dashboard epoch, read in the same statement (so from one
    /// snapshot): a cached dashboard then costs no further query.
    pub dashboard_epoch: i64,
    /// The catalogue epoch, likewise, for the cached parts of a page.
    pub catalogue_epoch: i64,
}

/// Who session `session_id` signs in, if that session exists, has not
/// expired at `now` (Unix seconds) and belongs to an existing account. One
/// query: this runs on every authenticated request.
pub async fn by_session(
    db: &impl ConnectionTrait,
    session_id: &str,
    now: i64,
) -> Result<Option<SignedIn>, DbErr> {
    let rows = db
        .query_all_raw(super::counters::stmt(
            db.get_database_backend(),
            "SELECT u.id, u.region_code, u.must_change_password, r.role, r.scope_region, s.expires_at, \
             (SELECT epoch FROM dashboard_epoch WHERE id = 1) AS dashboard_epoch, \
             (SELECT epoch FROM catalogue_epoch WHERE id = 1) AS catalogue_epoch \
             FROM auth_sessions s JOIN users u ON u.id = s.user_id \
             LEFT JOIN user_roles r ON r.user_id = u.id \
             WHERE s.id = ? AND s.expires_at > ? ORDER BY r.id",
            vec![session_id.into(), now.into()],
        ))
        .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let id: i64 = first.try_get("", "id")?;
    let code: String = first.try_get("", "region_code")?;
    let region = RegionCode::parse(&code).map_err(|_| corrupt("users", "region_code", &code))?;
    let mut roles = Vec::new();
    for row in &rows {
        let Some(role) = row.try_get::<Option<String>>("", "role")? else {
            continue;
        };
        let role = Role::parse(&role).ok_or_else(|| corrupt("user_roles", "role", &role))?;
        let scope = row
            .try_get::<Option<String>>("", "scope_region")?
            .map(|code| {
                RegionCode::parse(&code).map_err(|_| corrupt("user_roles", "scope_region", &code))
            })
            .transpose()?;
        roles.push(RoleGrant { role, scope });
    }
    Ok(Some(SignedIn {
        owner: SessionOwner {
            id: UserId(id),
            region,
            roles,
            must_change_password: first.try_get("", "must_change_password")?,
        },
        expires_at: first.try_get("", "expires_at")?,
        dashboard_epoch: first
            .try_get::<Option<i64>>("", "dashboard_epoch")?
            .unwrap_or(0),
        catalogue_epoch: first
            .try_get::<Option<i64>>("", "catalogue_epoch")?
            .unwrap_or(0),
    }))
}

/// Replaces every grant of the user; run it inside a transaction.
pub async fn replace_roles(
    db: &impl ConnectionTrait,
    id: UserId,
    grants: &[RoleGrant],
) -> Result<(), DbErr> {
    roles::Entity::delete_many()
        .filter(roles::Column::UserId.eq(id.0))
        .exec(db)
        .await?;
    add_roles(db, id, grants).await
}

pub async fn add_roles(
    db: &impl ConnectionTrait,
    id: UserId,
    grants: &[RoleGrant],
) -> Result<(), DbErr> {
    if grants.is_empty() {
        return Ok(());
    }
    let rows = grants.iter().map(|grant| roles::ActiveModel {
        user_id: Set(id.0),
        role: Set(grant.role.as_str().to_owned()),
        scope_region: Set(grant.scope.as_ref().map(ToString::to_string)),
        ..Default::default()
    });
    roles::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Which of `users` hold `role` now (one query).
pub async fn holding_role(
    db: &impl ConnectionTrait,
    users: &[i64],
    role: Role,
) -> Result<std::collections::HashSet<i64>, DbErr> {
    let holders: Vec<i64> = roles::Entity::find()
        .select_only()
        .column(roles::Column::UserId)
        .filter(roles::Column::UserId.is_in(users.iter().copied()))
        .filter(roles::Column::Role.eq(role.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(holders.into_iter().collect())
}

/// Accounts holding the instructor role with a region that is one of
/// `regions` or none (the whole country), by name, at most `limit`.
pub async fn instructors_in(
    db: &impl ConnectionTrait,
    regions: &[RegionCode],
    limit: u64,
) -> Result<Vec<(i64, String)>, DbErr> {
    let holders: Vec<i64> = roles::Entity::find()
        .select_only()
        .column(roles::Column::UserId)
        .filter(roles::Column::Role.eq(Role::Instructor.as_str()))
        .filter(
            sea_orm::Condition::any()
                .add(roles::Column::ScopeRegion.is_null())
                .add(
                    roles::Column::ScopeRegion.is_in(regions.iter().map(|r| r.as_str().to_owned())),
                ),
        )
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Name)
        .filter(Column::Id.is_in(holders))
        .order_by_asc(Column::Name)
        .order_by_asc(Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await
}

/// The mobile numbers of `users` (one query), for texting them.
pub async fn mobiles_of(
    db: &impl ConnectionTrait,
    users: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    if users.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Mobile)
        .filter(Column::Id.is_in(users.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The names of `users` (one query), for lists that show who did something.
pub async fn names_of(
    db: &impl ConnectionTrait,
    users: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    if users.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::Name)
        .filter(Column::Id.is_in(users.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The home region codes of `users` (one query), for deciding what their
/// certificates print.
pub async fn homes_of(
    db: &impl ConnectionTrait,
    users: &[i64],
) -> Result<std::collections::HashMap<i64, String>, DbErr> {
    if users.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String)> = Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::RegionCode)
        .filter(Column::Id.is_in(users.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
