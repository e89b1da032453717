//! The command-line operations, called as the CLI calls them: region import
//! (all rows or none) and bootstrapping an administrator.

use cultivator_server::db::regions;
use cultivator_server::domain::accounts;
use cultivator_server::domain::seed::region_tree::{self, ImportError};
use cultivator_shared::api::auth::RegisterRequest;
use cultivator_shared::{RegionCode, Role};
use cultivator_tests::{Backend, TestApp, on_both_databases};

on_both_databases!(
    a_region_file_imports_completely_or_not_at_all,
    create_admin_creates_or_promotes_an_account
);

const GOOD: &str = "code,parent,level,name_zh,name_en\n\
    510121,5101,county,金堂县,Jintang County\n\
    5101,51,prefecture,成都市,Chengdu\n\
    510121100,510121,township,淮口镇,Huaikou Town\n\
    510121100201,510121100,village,龙王村,Longwang Village\n";

async fn a_region_file_imports_completely_or_not_at_all(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    // A village whose township is in neither the file nor the database: nothing is written.
    let orphan = "code,parent,level,name_zh,name_en\n5101,51,prefecture,成都市,Chengdu\n\
                  510121100202,510121100,village,红旗村,Hongqi Village\n";
    let rows = region_tree::parse(orphan.as_bytes())?;
    let Err(ImportError::Invalid(problems)) = region_tree::import(&app.db, rows).await else {
        anyhow::bail!("an orphan village must be refused");
    };
    assert_eq!(problems.len(), 1);
    assert!(
        regions::children(&app.db, &RegionCode::parse("51")?)
            .await?
            .is_empty()
    );

    // Children listed before their parents still import.
    let count = region_tree::import(&app.db, region_tree::parse(GOOD.as_bytes())?).await?;
    assert_eq!(count, 4);
    let path = regions::lineage(&app.db, &RegionCode::parse("510121100201")?).await?;
    let names: Vec<&str> = path.iter().map(|r| r.name_zh.as_str()).collect();
    assert_eq!(
        names,
        vec!["四川省", "成都市", "金堂县", "淮口镇", "龙王村"]
    );

    // Importing again renames in place.
    let renamed = GOOD.replace("Chengdu", "Chengdu City");
    region_tree::import(&app.db, region_tree::parse(renamed.as_bytes())?).await?;
    let chengdu = regions::find(&app.db, &RegionCode::parse("5101")?).await?;
    assert_eq!(chengdu.map(|r| r.name_en), Some("Chengdu City".to_owned()));
    app.stop().await
}

async fn create_admin_creates_or_promotes_an_account(backend: Backend) -> anyhow::Result<()> {
    let app = TestApp::spawn(backend).await?;
    let request = RegisterRequest {
        name: "管理员".into(),
        mobile: "13700000000".into(),
        password: "first2026".into(),
        region_code: "11".into(),
    };
    let valid = request.validate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let admin = accounts::ensure_admin(&app.db, valid).await?;
    assert!(admin.roles.iter().any(|g| g.role == Role::Admin));

    // Running it again with a new password keeps one admin grant and resets the password.
    let again = RegisterRequest {
        password: "second2026".into(),
        ..request
    };
    let valid = again.validate().map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let admin = accounts::ensure_admin(&app.db, valid).await?;
    assert_eq!(
        admin.roles.iter().filter(|g| g.role == Role::Admin).count(),
        1
    );
    app.client()?.login_ok("13700000000", "second2026").await?;
    app.stop().await
}

mod completion {
    use cultivator_server::db::classes;
    use cultivator_server::domain::completion::complete_enrollment;
    use cultivator_shared::{ClassId, EnrollmentStatus, UserId};
    use cultivator_tests::{Backend, TestApp, on_both_databases};
    use sea_orm::EntityTrait;

    on_both_databases!(an_enrollment_completes_exactly_once);

    async fn an_enrollment_completes_exactly_once(backend: Backend) -> anyhow::Result<()> {
        let app = TestApp::spawn(backend).await?.with_demo().await?;
        let class = classes::Entity::find()
            .one(&app.db)
            .await?
            .map(|c| ClassId(c.id));
        let trainee = cultivator_server::db::users::find_by_mobile(&app.db, "13800000015").await?;
        let (Some(class), Some(trainee)) = (class, trainee) else {
            anyhow::bail!("demo data missing")
        };
        let enrollment = classes::insert_enrollment(
            &app.db,
            class,
            UserId(trainee.id),
            EnrollmentStatus::Enrolled,
        )
        .await?;
        let now = chrono::Utc::now();
        assert!(complete_enrollment(&app.db, enrollment, now).await?);
        assert!(
            !complete_enrollment(&app.db, enrollment, now).await?,
            "a second completion changes nothing"
        );
        let stored = classes::enrollments::Entity::find_by_id(enrollment.0)
            .one(&app.db)
            .await?;
        assert_eq!(
            stored.map(|e| e.status),
            Some(EnrollmentStatus::Completed.as_str().to_owned())
        );
        app.stop().await
    }
}
