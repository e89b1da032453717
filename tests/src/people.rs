//! Accounts a test needs beyond the demo's own.

use cultivator_server::domain::accounts;
use cultivator_server::domain::audit::Actor;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::auth::NewAccount;
use cultivator_shared::validation::{Mobile, Password, PersonName};
use cultivator_shared::{RegionCode, Role, RoleGrant, UserId};
use sea_orm::DatabaseConnection;

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
