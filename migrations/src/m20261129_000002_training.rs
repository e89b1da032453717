//! The training domain (DOMAIN.md): programmes and their stages, courses,
//! classes with sessions, enrollments, attendance, the credit-hour ledger and
//! regional targets. Later changes extend these tables; they are laid out for
//! the whole domain now so that the foundation's queries do not move.

use sea_orm_migration::{prelude::*, schema::*};

use crate::m20261129_000001_accounts::{Regions, Users};
use crate::{cascade, index, restrict};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Programmes {
    Table,
    Id,
    Title,
    Summary,
    StartsOn,
    EndsOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Stages {
    Table,
    Id,
    ProgrammeId,
    Position,
    Title,
    Track,
    /// Entry needs completion of the stage before it.
    RequiresPrevious,
    /// Entry needs selection by the next stage's coordinator or instructor.
    RequiresSelection,
}

#[derive(DeriveIden)]
enum Courses {
    Table,
    Id,
    Title,
    Summary,
    Category,
    CoverPath,
    CreditTenths,
    State,
    AuthorId,
    CompletionThresholdPct,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CourseModules {
    Table,
    Id,
    CourseId,
    Position,
    Title,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
    ModuleId,
    Position,
    Title,
    Kind,
    Required,
    CreditTenths,
    DurationSecs,
    Body,
    MediaPath,
}

#[derive(DeriveIden)]
enum Classes {
    Table,
    Id,
    Title,
    Track,
    ProgrammeId,
    StageId,
    RegionCode,
    StartsOn,
    EndsOn,
    SeatLimit,
    EnrollmentMode,
    State,
    Venue,
    AttendanceThresholdPct,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ClassInstructors {
    Table,
    ClassId,
    UserId,
}

#[derive(DeriveIden)]
enum ClassCourses {
    Table,
    ClassId,
    CourseId,
    Position,
}

#[derive(DeriveIden)]
enum ClassSessions {
    Table,
    Id,
    ClassId,
    StartsAt,
    EndsAt,
    Venue,
    CapacityNote,
    CheckinSecret,
}

#[derive(DeriveIden)]
enum Enrollments {
    Table,
    Id,
    ClassId,
    UserId,
    Status,
    WaitlistPosition,
    AppliedAt,
    DecidedAt,
    CompletedAt,
}

#[derive(DeriveIden)]
enum Attendance {
    Table,
    Id,
    SessionId,
    UserId,
    State,
    Method,
    RecordedAt,
    RecordedBy,
}

#[derive(DeriveIden)]
enum CreditEntries {
    Table,
    Id,
    UserId,
    Source,
    SourceId,
    CreditTenths,
    EarnedAt,
}

#[derive(DeriveIden)]
enum Targets {
    Table,
    Id,
    ProgrammeId,
    RegionCode,
    Track,
    Year,
    People,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            Table::create()
                .table(Programmes::Table)
                .col(big_pk_auto(Programmes::Id))
                .col(string_len(Programmes::Title, 200))
                .col(text(Programmes::Summary))
                .col(date(Programmes::StartsOn))
                .col(date(Programmes::EndsOn))
                .col(timestamp_with_time_zone(Programmes::CreatedAt))
                .to_owned(),
            Table::create()
                .table(Stages::Table)
                .col(big_pk_auto(Stages::Id))
                .col(big_integer(Stages::ProgrammeId))
                .col(integer(Stages::Position))
                .col(string_len(Stages::Title, 200))
                .col(string_len(Stages::Track, 16))
                .col(boolean(Stages::RequiresPrevious))
                .col(boolean(Stages::RequiresSelection))
                .foreign_key(&mut cascade(
                    (Stages::Table, Stages::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Courses::Table)
                .col(big_pk_auto(Courses::Id))
                .col(string_len(Courses::Title, 200))
                .col(text(Courses::Summary))
                .col(string_len(Courses::Category, 64))
                .col(string_len_null(Courses::CoverPath, 255))
                .col(integer(Courses::CreditTenths))
                .col(string_len(Courses::State, 16))
                .col(big_integer(Courses::AuthorId))
                .col(integer(Courses::CompletionThresholdPct))
                .col(timestamp_with_time_zone(Courses::CreatedAt))
                .col(timestamp_with_time_zone(Courses::UpdatedAt))
                .foreign_key(&mut restrict(
                    (Courses::Table, Courses::AuthorId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(CourseModules::Table)
                .col(big_pk_auto(CourseModules::Id))
                .col(big_integer(CourseModules::CourseId))
                .col(integer(CourseModules::Position))
                .col(string_len(CourseModules::Title, 200))
                .foreign_key(&mut cascade(
                    (CourseModules::Table, CourseModules::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Lessons::Table)
                .col(big_pk_auto(Lessons::Id))
                .col(big_integer(Lessons::ModuleId))
                .col(integer(Lessons::Position))
                .col(string_len(Lessons::Title, 200))
                .col(string_len(Lessons::Kind, 16))
                .col(boolean(Lessons::Required))
                .col(integer(Lessons::CreditTenths))
                .col(integer_null(Lessons::DurationSecs))
                .col(text_null(Lessons::Body))
                .col(string_len_null(Lessons::MediaPath, 255))
                .foreign_key(&mut cascade(
                    (Lessons::Table, Lessons::ModuleId),
                    (CourseModules::Table, CourseModules::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Classes::Table)
                .col(big_pk_auto(Classes::Id))
                .col(string_len(Classes::Title, 200))
                .col(string_len(Classes::Track, 16))
                .col(big_integer(Classes::ProgrammeId))
                .col(big_integer_null(Classes::StageId))
                .col(string_len(Classes::RegionCode, 12))
                .col(date(Classes::StartsOn))
                .col(date(Classes::EndsOn))
                .col(integer(Classes::SeatLimit))
                .col(string_len(Classes::EnrollmentMode, 16))
                .col(string_len(Classes::State, 16))
                .col(string_len_null(Classes::Venue, 200))
                .col(integer_null(Classes::AttendanceThresholdPct))
                .col(big_integer(Classes::CreatedBy))
                .col(timestamp_with_time_zone(Classes::CreatedAt))
                .foreign_key(&mut restrict(
                    (Classes::Table, Classes::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                ))
                .foreign_key(&mut restrict(
                    (Classes::Table, Classes::StageId),
                    (Stages::Table, Stages::Id),
                ))
                .foreign_key(&mut restrict(
                    (Classes::Table, Classes::RegionCode),
                    (Regions::Table, Regions::Code),
                ))
                .foreign_key(&mut restrict(
                    (Classes::Table, Classes::CreatedBy),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(ClassInstructors::Table)
                .col(big_integer(ClassInstructors::ClassId))
                .col(big_integer(ClassInstructors::UserId))
                .primary_key(
                    Index::create()
                        .col(ClassInstructors::ClassId)
                        .col(ClassInstructors::UserId),
                )
                .foreign_key(&mut cascade(
                    (ClassInstructors::Table, ClassInstructors::ClassId),
                    (Classes::Table, Classes::Id),
                ))
                .foreign_key(&mut cascade(
                    (ClassInstructors::Table, ClassInstructors::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(ClassCourses::Table)
                .col(big_integer(ClassCourses::ClassId))
                .col(big_integer(ClassCourses::CourseId))
                .col(integer(ClassCourses::Position))
                .primary_key(
                    Index::create()
                        .col(ClassCourses::ClassId)
                        .col(ClassCourses::CourseId),
                )
                .foreign_key(&mut cascade(
                    (ClassCourses::Table, ClassCourses::ClassId),
                    (Classes::Table, Classes::Id),
                ))
                .foreign_key(&mut restrict(
                    (ClassCourses::Table, ClassCourses::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
            Table::create()
                .table(ClassSessions::Table)
                .col(big_pk_auto(ClassSessions::Id))
                .col(big_integer(ClassSessions::ClassId))
                .col(timestamp_with_time_zone(ClassSessions::StartsAt))
                .col(timestamp_with_time_zone(ClassSessions::EndsAt))
                .col(string_len(ClassSessions::Venue, 200))
                .col(string_len_null(ClassSessions::CapacityNote, 200))
                .col(string_len(ClassSessions::CheckinSecret, 64))
                .foreign_key(&mut cascade(
                    (ClassSessions::Table, ClassSessions::ClassId),
                    (Classes::Table, Classes::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Enrollments::Table)
                .col(big_pk_auto(Enrollments::Id))
                .col(big_integer(Enrollments::ClassId))
                .col(big_integer(Enrollments::UserId))
                .col(string_len(Enrollments::Status, 16))
                .col(integer_null(Enrollments::WaitlistPosition))
                .col(timestamp_with_time_zone(Enrollments::AppliedAt))
                .col(timestamp_with_time_zone_null(Enrollments::DecidedAt))
                .col(timestamp_with_time_zone_null(Enrollments::CompletedAt))
                .foreign_key(&mut cascade(
                    (Enrollments::Table, Enrollments::ClassId),
                    (Classes::Table, Classes::Id),
                ))
                .foreign_key(&mut restrict(
                    (Enrollments::Table, Enrollments::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Attendance::Table)
                .col(big_pk_auto(Attendance::Id))
                .col(big_integer(Attendance::SessionId))
                .col(big_integer(Attendance::UserId))
                .col(string_len(Attendance::State, 16))
                .col(string_len(Attendance::Method, 16))
                .col(timestamp_with_time_zone(Attendance::RecordedAt))
                .col(big_integer_null(Attendance::RecordedBy))
                .foreign_key(&mut cascade(
                    (Attendance::Table, Attendance::SessionId),
                    (ClassSessions::Table, ClassSessions::Id),
                ))
                .foreign_key(&mut restrict(
                    (Attendance::Table, Attendance::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(CreditEntries::Table)
                .col(big_pk_auto(CreditEntries::Id))
                .col(big_integer(CreditEntries::UserId))
                .col(string_len(CreditEntries::Source, 16))
                .col(big_integer(CreditEntries::SourceId))
                .col(integer(CreditEntries::CreditTenths))
                .col(timestamp_with_time_zone(CreditEntries::EarnedAt))
                .foreign_key(&mut restrict(
                    (CreditEntries::Table, CreditEntries::UserId),
                    (Users::Table, Users::Id),
                ))
                .to_owned(),
            Table::create()
                .table(Targets::Table)
                .col(big_pk_auto(Targets::Id))
                .col(big_integer(Targets::ProgrammeId))
                .col(string_len(Targets::RegionCode, 12))
                .col(string_len(Targets::Track, 16))
                .col(integer_null(Targets::Year))
                .col(big_integer(Targets::People))
                .foreign_key(&mut cascade(
                    (Targets::Table, Targets::ProgrammeId),
                    (Programmes::Table, Programmes::Id),
                ))
                .foreign_key(&mut restrict(
                    (Targets::Table, Targets::RegionCode),
                    (Regions::Table, Regions::Code),
                ))
                .to_owned(),
        ];
        for table in tables {
            manager.create_table(table).await?;
        }

        let indexes = [
            Index::create()
                .name("uq_stages_position")
                .table(Stages::Table)
                .col(Stages::ProgrammeId)
                .col(Stages::Position)
                .unique()
                .to_owned(),
            index(
                CourseModules::Table,
                "idx_course_modules_course",
                &["course_id", "position"],
            ),
            index(
                Lessons::Table,
                "idx_lessons_module",
                &["module_id", "position"],
            ),
            index(Courses::Table, "idx_courses_state", &["state"]),
            index(
                Classes::Table,
                "idx_classes_state_region",
                &["state", "region_code"],
            ),
            index(
                ClassSessions::Table,
                "idx_class_sessions_class",
                &["class_id", "starts_at"],
            ),
            Index::create()
                .name("uq_enrollments_class_user")
                .table(Enrollments::Table)
                .col(Enrollments::ClassId)
                .col(Enrollments::UserId)
                .unique()
                .to_owned(),
            index(
                Enrollments::Table,
                "idx_enrollments_class_status",
                &["class_id", "status"],
            ),
            index(Enrollments::Table, "idx_enrollments_user", &["user_id"]),
            Index::create()
                .name("uq_attendance_session_user")
                .table(Attendance::Table)
                .col(Attendance::SessionId)
                .col(Attendance::UserId)
                .unique()
                .to_owned(),
            index(
                CreditEntries::Table,
                "idx_credit_entries_user",
                &["user_id"],
            ),
            index(
                Targets::Table,
                "idx_targets_programme_region",
                &["programme_id", "region_code", "track"],
            ),
        ];
        for stmt in indexes {
            manager.create_index(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        crate::drop_tables(
            manager,
            &[
                "targets",
                "credit_entries",
                "attendance",
                "enrollments",
                "class_sessions",
                "class_courses",
                "class_instructors",
                "classes",
                "lessons",
                "course_modules",
                "courses",
                "stages",
                "programmes",
            ],
        )
        .await
    }
}
