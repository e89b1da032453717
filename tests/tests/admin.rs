//! Administrators list accounts and assign roles; nobody else may.

use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::Page;
use cultivator_shared::api::admin::SetRolesRequest;
use cultivator_shared::api::auth::UserView;
use cultivator_shared::{ErrorCode, RegionCode, Role, RoleGrant, ValidationError};
use cultivator_tests::client::{expect_error, expect_json};
use cultivator_tests::{Backend, TestApp, on_both_databases};
use reqwest::{Method, StatusCode};

on_both_databases!(
    an_admin_makes_a_trainee_a_provincial_coordinator,
    non_admins_cannot_list_or_change_accounts,
    malformed_role_assignments_are_refused,
);

const ADMIN: &str = "13800000001";
const TRAINEE: &str = "13800000010";

async fn an_admin_makes_a_trainee_a_provincial_coordinator(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let admin = app.client()?;
    admin.login_ok(ADMIN, DEMO_PASSWORD).await?;

    let found: Page<UserView> = expect_json(
        admin
            .get(&format!("/api/v1/admin/users?q={TRAINEE}"))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let Some(trainee) = found.items.first() else {
        anyhow::bail!("trainee not found")
    };
    assert_eq!(found.total, 1);

    let grants = vec![
        RoleGrant::global(Role::Trainee),
        RoleGrant::coordinator(Some(RegionCode::parse("51")?)),
    ];
    let path = format!("/api/v1/admin/users/{}/roles", trainee.id);
    let updated: UserView = expect_json(
        admin
            .send_json(
                Method::PUT,
                &path,
                &SetRolesRequest {
                    roles: grants.clone(),
                },
            )
            .await?,
        StatusCode::OK,
    )
    .await?;
    assert_eq!(updated.roles, grants);

    // The trainee's own view reflects the change at once.
    let trainee_client = app.client()?;
    trainee_client.login_ok(TRAINEE, DEMO_PASSWORD).await?;
    let me: UserView = expect_json(trainee_client.me().await?, StatusCode::OK).await?;
    assert_eq!(me.roles, grants);
    app.stop().await
}

async fn non_admins_cannot_list_or_change_accounts(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let anonymous = app.client()?;
    expect_error(
        anonymous.get("/api/v1/admin/users").await?,
        StatusCode::UNAUTHORIZED,
        ErrorCode::Unauthenticated,
    )
    .await?;

    let trainee = app.client()?;
    let me = trainee.login_ok(TRAINEE, DEMO_PASSWORD).await?;
    expect_error(
        trainee.get("/api/v1/admin/users").await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let promote = SetRolesRequest {
        roles: vec![RoleGrant::global(Role::Admin)],
    };
    let path = format!("/api/v1/admin/users/{}/roles", me.id);
    expect_error(
        trainee.send_json(Method::PUT, &path, &promote).await?,
        StatusCode::FORBIDDEN,
        ErrorCode::Forbidden,
    )
    .await?;
    let after: UserView = expect_json(trainee.me().await?, StatusCode::OK).await?;
    assert_eq!(after.roles, vec![RoleGrant::global(Role::Trainee)]);
    app.stop().await
}

async fn malformed_role_assignments_are_refused(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?.with_demo().await?;
    let admin = app.client()?;
    let me = admin.login_ok(ADMIN, DEMO_PASSWORD).await?;
    let path = format!("/api/v1/admin/users/{}/roles", me.id);

    let scoped_trainee = SetRolesRequest {
        roles: vec![RoleGrant {
            role: Role::Trainee,
            scope: Some(RegionCode::parse("51")?),
        }],
    };
    let body = expect_error(
        admin.send_json(Method::PUT, &path, &scoped_trainee).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;
    assert_eq!(
        body.fields.first().map(|f| f.error),
        Some(ValidationError::ScopeMismatch)
    );

    let empty = SetRolesRequest { roles: vec![] };
    expect_error(
        admin.send_json(Method::PUT, &path, &empty).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::ValidationFailed,
    )
    .await?;

    let unknown_region = SetRolesRequest {
        roles: vec![RoleGrant::coordinator(Some(RegionCode::parse("99")?))],
    };
    expect_error(
        admin.send_json(Method::PUT, &path, &unknown_region).await?,
        StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::UnknownRegion,
    )
    .await?;

    let nobody = SetRolesRequest {
        roles: vec![RoleGrant::global(Role::Trainee)],
    };
    expect_error(
        admin
            .send_json(Method::PUT, "/api/v1/admin/users/999999/roles", &nobody)
            .await?,
        StatusCode::NOT_FOUND,
        ErrorCode::NotFound,
    )
    .await?;

    // The admin still holds exactly the roles it had.
    let after: UserView = expect_json(admin.me().await?, StatusCode::OK).await?;
    assert_eq!(after.roles, me.roles);
    app.stop().await
}
