//! Accounts a test needs beyond the demo's own.

use std::sync::Arc;

use cultivator_server::db::users;
use cultivator_server::domain::accounts::{self, password};
use cultivator_server::domain::audit::Actor;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::NewAccount;
use cultivator_shared::validation::{Mobile, Password, PersonName};
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};
use sea_orm::DatabaseConnection;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::ApiClient;

fn invalid(error: cultivator_shared::ValidationError) -> anyhow::Error {
    anyhow::anyhow!("{error:?}")
}

/// A coordinator of `scope` living in `home`, signing in with the demo
/// password.
pub async fn coordinator(
    db: &DatabaseConnection,
    name: &str,
    mobile: &str,
    home: &str,
    scope: &str,
) -> anyhow::Result<UserId> {
    let user = accounts::register(
        db,
        NewAccount {
            name: PersonName::parse(name).map_err(invalid)?,
            mobile: Mobile::parse(mobile).map_err(invalid)?,
            password: Password::parse(DEMO_PASSWORD).map_err(invalid)?,
            region: RegionCode::parse(home)?,
        },
    )
    .await?;
    accounts::set_roles(
        db,
        &Actor::system("test"),
        user.id,
        vec![
            RoleGrant::global(Role::Trainee),
            RoleGrant::coordinator(Some(RegionCode::parse(scope)?)),
        ],
    )
    .await?;
    Ok(user.id)
}

/// The password of the accounts [`trainees`] makes.
pub const TRAINEE_PASSWORD: &str = "harvest2026";

/// `count` trainee accounts in Jintang county (510121), mobiles
/// `13900000000` upwards, written straight to the database in one
/// transaction with one precomputed password hash (hashing each would
/// dominate the test).
pub async fn trainees(db: &DatabaseConnection, count: usize) -> anyhow::Result<Vec<String>> {
    anyhow::ensure!(count <= 10_000, "at most 10,000 numbered mobiles");
    let hash = password::hash(TRAINEE_PASSWORD.into()).await?;
    let region = RegionCode::parse("510121")?;
    let txn = cultivator_server::db::begin_write(db).await?;
    let mut mobiles = Vec::with_capacity(count);
    for i in 0..count {
        let mobile = format!("1390000{i:04}");
        let user = users::insert(
            &txn,
            users::NewUser {
                name: &format!("学员{i}"),
                mobile: &mobile,
                password_hash: &hash,
                region: &region,
                platform: None,
            },
        )
        .await?;
        // Only trainees may apply.
        users::add_roles(&txn, user.user_id(), &[RoleGrant::global(Role::Trainee)]).await?;
        mobiles.push(mobile);
    }
    txn.commit().await?;
    Ok(mobiles)
}

/// Signs each of `mobiles` in on the server at `base_url`, each with a
/// cookie jar of its own, a few at a time (Argon2 is memory-hard); in the
/// order given.
pub async fn sign_in_all(
    base_url: &str,
    mobiles: Vec<String>,
) -> anyhow::Result<Vec<(String, ApiClient)>> {
    let logins = Arc::new(Semaphore::new(8));
    let mut tasks = JoinSet::new();
    for (i, mobile) in mobiles.into_iter().enumerate() {
        let client = ApiClient::new(base_url, true)?;
        let logins = logins.clone();
        tasks.spawn(async move {
            let _permit = logins.acquire().await?;
            client.login_ok(&mobile, TRAINEE_PASSWORD).await?;
            anyhow::Ok((i, mobile, client))
        });
    }
    let mut clients = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        clients.push(joined??);
    }
    clients.sort_by_key(|(i, _, _)| *i);
    Ok(clients.into_iter().map(|(_, m, c)| (m, c)).collect())
}
