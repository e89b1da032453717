//! The authorisation matrix: every operation of the served OpenAPI document,
//! run as every kind of caller against one seeded set of objects, compared
//! with the one table below that says what each caller may do.
//!
//! The objects belong to Jintang county (510121): a class run by the demo
//! instructor with a trainee enrolled, a session of it, an application, a
//! roster import, a class for a gated stage (the trainee is a candidate), an
//! online class, a published course (with media and a quiz) the trainee
//! learns in and a draft course, both authored by the demo instructor. Each column is a caller whose relation to those
//! objects differs: the trainee whose data it is or another trainee, the
//! class's (and courses') instructor or another instructor, coordinators of
//! the county, of a neighbouring county, of the province, of another
//! province and of the country, and an administrator.
//!
//! The test fails when a cell differs from the table, when the document has
//! an operation the table does not name, and when the table names one the
//! document no longer has, and when a call writes other than exactly one
//! audit record for a successful privileged operation ([`AUDITED`]) and
//! none for anything else. Operations that end sessions run last or on a
//! sign-in of their own; every other cell is harmless to the cells after it
//! (a repeated decision or sign-up answers 409, which still says "allowed").

use std::collections::BTreeSet;
use std::fmt::Write as _;

use anyhow::Context;
use chrono::{Datelike, Duration, NaiveTime, Utc};
use cultivator_server::AppConfig;
use cultivator_server::db::{audit_records, classes, programmes, users};
use cultivator_server::domain::accounts;
use cultivator_server::domain::accounts::reset;
use cultivator_server::domain::audit::Actor;
use cultivator_server::domain::seed::demo::DEMO_PASSWORD;
use cultivator_shared::api::admin::{NewAccountRequest, SetRegionRequest, SetRolesRequest};
use cultivator_shared::api::auth::{
    ChangePasswordRequest, DeleteAccountRequest, LoginRequest, NewAccount, RenameRequest,
    ResetWithCodeRequest,
};
use cultivator_shared::api::authoring::{
    CourseDraft, CourseOrder, CourseOutline, LessonDraft, LessonKind, ModuleDraft, ModuleOrder,
};
use cultivator_shared::api::checkin::{
    AttendanceState, CheckinCode, CheckinRequest, MarkAttendanceRequest,
};
use cultivator_shared::api::classes::{
    CancelRequest, ClassDetail, NewSessionRequest, SessionView, UpdateClassRequest,
};
use cultivator_shared::api::coordination::{ChildTarget, SetTargetsRequest};
use cultivator_shared::api::learning::{AttentionAnswer, OfflineProgress, OfflineReport};
use cultivator_shared::api::online_classes::ClassCourses;
use cultivator_shared::api::pathway::ProgrammeView;
use cultivator_shared::api::platforms::{
    FeaturedItems, NewPlatform, Ownership, PlatformBrandingFields,
};
use cultivator_shared::api::programmes::{NewProgramme, ProgrammeFields, StageFields, StageUpdate};
use cultivator_shared::api::quizzes::{
    Answer, AttemptView, NewQuestion, NewQuiz, QuestionKind, QuizScoring, QuizView, SubmitAnswers,
};
use cultivator_shared::api::rosters::RosterImportJob;
use cultivator_shared::validation::{Mobile, Password, PersonName};
use cultivator_shared::{
    CreditHours, EnrollmentMode, EnrollmentStatus, LessonId, PublishState, RegionCode, Role,
    RoleGrant, Track, UserId,
};
use cultivator_tests::classes::{add_current_session, create_class, demo_programme, offline_class};
use cultivator_tests::client::{expect_json, registration};
use cultivator_tests::learning::{at_position, small_course};
use cultivator_tests::{ApiClient, Backend, TestApp, on_both_databases, rosters};
use reqwest::{Method, StatusCode};
use sea_orm::DatabaseConnection;

/// The callers, in the order of the table's columns.
const CALLERS: [&str; 11] = [
    "anonymous",
    "trainee, own data",
    "trainee, another's data",
    "instructor of the class",
    "instructor of another class",
    "county coordinator, in scope",
    "county coordinator, neighbouring county",
    "province coordinator, in scope",
    "province coordinator, other province",
    "national coordinator",
    "admin",
];

/// The mobile each caller signs in with (`None`: not signed in). The
/// instructor of another class and the coordinators outside the objects'
/// scope are made by [`setup`]; the others are demo accounts.
const MOBILES: [Option<&str>; 11] = [
    None,
    Some("13800000010"),
    Some("13800000013"),
    Some("13800000005"),
    Some(OTHER_INSTRUCTOR),
    Some("13800000004"),
    Some(NEIGHBOURING_COUNTY),
    Some("13800000003"),
    Some(OTHER_PROVINCE),
    Some("13800000002"),
    Some("13800000001"),
];

const OTHER_INSTRUCTOR: &str = "13800000006";
const NEIGHBOURING_COUNTY: &str = "13800000007";
const OTHER_PROVINCE: &str = "13800000008";
/// An account the admin operations act on, so that no caller loses a role
/// or a session to them.
const SPARE: &str = "13800000009";
/// An instructor of Chengdu whom the class's managers add and remove.
const CO_INSTRUCTOR: &str = "13800000098";
/// A trainee of Jintang whose application the class's managers decide.
const APPLICANT: &str = "13800000011";

/// What every caller may do with every operation, one row per operation and
/// one column per caller (the order of [`CALLERS`]):
/// `A` allowed (any answer but 401, 403 or 404, and not 400 or 422 either:
/// every request is valid, so a refusal of its body would hide the answer),
/// `U` 401 not signed in, `F` 403 forbidden, `N` 404 hidden.
///
/// The rows run in this order: those that end sessions come last.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, &str)] = &[
    //                                                            anon own oth ins oIn cty nCt prv oPr nat adm
    // Public: the catalogue, the region tree, health, registration.
    ("GET",    "/healthz",                                         "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/readyz",                                          "A   A   A   A   A   A   A   A   A   A   A"),
    // No metrics token in this app's settings: off for everyone (a
    // session grants nothing here; tests/tests/metrics.rs sets one).
    ("GET",    "/metrics",                                         "N   N   N   N   N   N   N   N   N   N   N"),
    ("GET",    "/api/v1/regions",                                  "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/platforms",                                "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/platform",                                 "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/regions/{code}/children",                  "A   A   A   A   A   A   A   A   A   A   A"),
    // Anyone checks a certificate and fetches the keys that signed it.
    ("GET",    "/api/v1/verify/{number}",                          "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/.well-known/cultivator-certificate-keys.json",    "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/courses",                                  "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/course-categories",                        "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/classes",                                  "A   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/auth/register",                            "A   A   A   A   A   A   A   A   A   A   A"),
    // Anyone signed in, about themselves or what everyone may read.
    ("GET",    "/api/v1/auth/me",                                  "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/auth/me/data.json",                        "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/auth/me/data.csv",                         "U   A   A   A   A   A   A   A   A   A   A"),
    ("PUT",    "/api/v1/auth/me/name",                             "U   A   A   A   A   A   A   A   A   A   A"),
    // Setting a password with a reset code needs no session.
    ("POST",   "/api/v1/auth/password-reset",                      "A   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/classes/near-me",                          "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/programmes",                               "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/classes/{id}",                             "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/classes/{id}/courses",                     "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/me/classes/{id}/courses",                  "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/me/courses",                               "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/me/credits",                               "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/notifications",                            "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/notifications/unread-count",               "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/certificates",                             "U   A   A   A   A   A   A   A   A   A   A"),
    // The trainee's own notice: another's is not found.
    ("POST",   "/api/v1/notifications/{id}/read",                  "U   A   N   N   N   N   N   N   N   N   N"),
    ("POST",   "/api/v1/notifications/read-all",                   "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/instructor/classes",                       "U   A   A   A   A   A   A   A   A   A   A"),
    // Online learning in the published course: every account here holds
    // the trainee role; only the trainee is enrolled in it.
    ("GET",    "/api/v1/lessons/{id}/progress",                    "U   A   F   F   F   F   F   F   F   F   F"),
    ("POST",   "/api/v1/lessons/{id}/progress",                    "U   A   F   F   F   F   F   F   F   F   F"),
    ("POST",   "/api/v1/lessons/{id}/attention",                   "U   A   F   F   F   F   F   F   F   F   F"),
    // A batch is answered report by report: one not enrolled is refused
    // inside a 200 answer.
    ("POST",   "/api/v1/me/progress/offline",                      "U   A   A   A   A   A   A   A   A   A   A"),
    ("GET",    "/api/v1/lessons/{id}/media",                       "U   A   F   A   F   F   F   F   F   F   A"),
    ("GET",    "/api/v1/lessons/{id}/media/audio",                 "U   A   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/quizzes/{id}/attempts",                    "U   A   F   F   F   F   F   F   F   F   F"),
    ("POST",   "/api/v1/attempts/{id}/submit",                     "U   A   N   N   N   N   N   N   N   N   N"),
    // Enrolling comes after the rows above, which it would change.
    ("POST",   "/api/v1/courses/{id}/enroll",                      "U   A   A   A   A   A   A   A   A   A   A"),
    // The draft course: hidden from all but its author and admins.
    ("GET",    "/api/v1/courses/{id}",                             "N   N   N   A   N   N   N   N   N   N   A"),
    ("GET",    "/api/v1/me/courses/{id}",                          "U   N   N   A   N   N   N   N   N   N   A"),
    ("GET",    "/api/v1/courses/{id}/quizzes",                     "U   N   N   A   N   N   N   N   N   N   A"),
    // Authoring: instructors create courses, each edited by its author or an admin.
    ("POST",   "/api/v1/courses",                                  "U   F   F   A   A   F   F   F   F   F   A"),
    ("GET",    "/api/v1/instructor/courses",                       "U   F   F   A   A   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/courses/{id}",                             "U   F   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/courses/{id}/modules",                     "U   F   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/modules/{id}/lessons",                     "U   F   F   A   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/courses/{id}/order",                       "U   F   F   A   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/lessons/{id}",                             "U   F   F   A   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/lessons/{id}/media",                       "U   F   F   A   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/lessons/{id}/media/audio",                 "U   F   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/courses/{id}/questions",                   "U   F   F   A   F   F   F   F   F   F   A"),
    ("GET",    "/api/v1/courses/{id}/questions",                   "U   F   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/courses/{id}/quizzes",                     "U   F   F   A   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/courses/{id}/publish",                     "U   F   F   A   F   F   F   F   F   F   A"),
    // Classes: created inside one's own region; managed by their
    // instructors and by whoever oversees their region.
    ("POST",   "/api/v1/classes",                                  "U   F   F   A   A   A   F   A   F   A   A"),
    ("POST",   "/api/v1/classes/{id}/sessions",                    "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/enrollments",                 "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/roster.csv",                  "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/progress",                    "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificates",                "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificates.pdf",            "U   F   F   A   F   A   F   A   F   A   A"),
    // A class's certificates printed in the background (a 409 while not
    // ready is an answer).
    ("POST",   "/api/v1/classes/{id}/certificate-batches",         "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificate-batches",         "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificate-batches/{batch}", "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.pdf", "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.zip", "U   F   F   A   F   A   F   A   F   A   A"),
    // The trainee's certificate of a class the demo instructor runs.
    ("GET",    "/api/v1/certificates/{id}",                        "U   A   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/certificates/{id}/certificate.pdf",        "U   A   F   A   F   A   F   A   F   A   A"),
    // A person's certificates: theirs, and the coordinators over their home.
    ("GET",    "/api/v1/users/{id}/certificates",                  "U   A   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/progress.csv",                "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/progress.xlsx",               "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/roster.xlsx",                 "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/attendance.csv",              "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/attendance.xlsx",             "U   F   F   A   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/classes/{id}/courses",                     "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/classes/{id}/roster-imports",              "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/roster-imports",              "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/roster-imports/{id}",                      "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/roster-imports/{id}/passwords.csv",        "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/enrollments/{id}/approve",                 "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/enrollments/{id}/reject",                  "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/enrollments/{id}/remove",                  "U   F   F   A   F   A   F   A   F   A   A"),
    // Changing a class and its sessions, and its instructors: its managers
    // (a repeated cancellation answers 409, still "allowed").
    ("PUT",    "/api/v1/classes/{id}",                             "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/classes/{id}/cancel",                      "U   F   F   A   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/sessions/{id}",                            "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/sessions/{id}/cancel",                     "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/classes/{id}/instructors",                 "U   F   F   A   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/classes/{id}/instructors/{user}",          "U   F   F   A   F   A   F   A   F   A   A"),
    ("DELETE", "/api/v1/classes/{id}/instructors/{user}",          "U   F   F   A   F   A   F   A   F   A   A"),
    // Applying: trainees whose home the class serves (Jintang: the trainee,
    // the other instructor and the county coordinator live there).
    ("POST",   "/api/v1/classes/{id}/apply",                       "U   A   F   F   A   A   F   F   F   F   F"),
    // The gated stage's candidates, listed for the class's managers and
    // selected only by coordinators over the candidate's home region.
    ("GET",    "/api/v1/classes/{id}/candidates",                  "U   F   F   A   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/classes/{id}/candidates/{user}",           "U   F   F   F   F   A   F   A   F   A   F"),
    ("DELETE", "/api/v1/classes/{id}/candidates/{user}",           "U   F   F   F   F   A   F   A   F   A   F"),
    // Check-in: the live code only for the class's instructors.
    ("GET",    "/api/v1/sessions/{id}/checkin-code",               "U   F   F   A   F   F   F   F   F   F   F"),
    ("GET",    "/api/v1/sessions/{id}/checkin-kit",                "U   F   F   A   F   F   F   F   F   F   F"),
    ("POST",   "/api/v1/sessions/{id}/checkin",                    "U   A   F   F   F   F   F   F   F   F   F"),
    ("GET",    "/api/v1/sessions/{id}/attendance",                 "U   F   F   A   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/sessions/{id}/attendance/corrections",     "U   F   F   A   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/sessions/{id}/attendance/{user}",          "U   F   F   A   F   A   F   A   F   A   A"),
    // Coordination, asked about Jintang.
    ("GET",    "/api/v1/coordination/programmes",                  "U   F   F   F   F   A   A   A   A   A   A"),
    ("GET",    "/api/v1/coordination/targets",                     "U   F   F   F   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/coordination/targets",                     "U   F   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/coordination/dashboard",                   "U   F   F   F   F   A   F   A   F   A   A"),
    // Each coordinator's own region when none is asked.
    ("GET",    "/api/v1/coordination/dashboard/platforms",         "U   F   F   F   F   A   A   A   A   A   A"),
    ("GET",    "/api/v1/coordination/dashboard.csv",               "U   F   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/coordination/dashboard.xlsx",              "U   F   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/coordination/classes",                     "U   F   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/coordination/integrity",                   "U   F   F   F   F   A   F   A   F   A   A"),
    ("GET",    "/api/v1/coordination/integrity.csv",               "U   F   F   F   F   A   F   A   F   A   A"),
    // Accounts (acting on a spare account).
    ("GET",    "/api/v1/admin/users",                              "U   F   F   F   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/admin/users/{id}/roles",                   "U   F   F   F   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/admin/users/{id}/sign-out",                "U   F   F   F   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/admin/users",                              "U   F   F   F   F   F   F   F   F   F   A"),
    ("POST",   "/api/v1/admin/users/import",                       "U   F   F   F   F   F   F   F   F   F   A"),
    // Looking people up: admins, and coordinators within their regions.
    ("GET",    "/api/v1/users",                                    "U   F   F   F   F   A   A   A   A   A   A"),
    // Acting on the spare trainee of Jintang: whoever oversees Jintang.
    ("POST",   "/api/v1/users/{id}/password-reset",                "U   F   F   F   F   A   F   A   F   A   A"),
    ("PUT",    "/api/v1/users/{id}/region",                        "U   F   F   F   F   A   F   A   F   A   A"),
    // Last: these change the class and the callers' own sessions.
    ("POST",   "/api/v1/classes/{id}/finalise",                    "U   F   F   A   F   A   F   A   F   A   A"),
    ("POST",   "/api/v1/classes/{id}/withdraw",                    "U   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/programmes",                               "U   F   F   F   F   F   F   F   F   A   A"),
    ("POST",   "/api/v1/platforms",                                "U   F   F   F   F   F   F   F   F   F   A"),
    ("PUT",    "/api/v1/platforms/{code}",                         "U   F   F   F   F   F   F   A   F   A   A"),
    ("GET",    "/api/v1/platforms/{code}/items",                   "U   F   F   F   F   F   F   A   F   A   A"),
    ("PUT",    "/api/v1/platforms/{code}/featured",                "U   F   F   F   F   F   F   A   F   A   A"),
    ("PUT",    "/api/v1/platforms/{code}/courses/{id}",            "U   F   F   F   F   F   F   A   F   A   A"),
    ("PUT",    "/api/v1/platforms/{code}/classes/{id}",            "U   F   F   F   F   F   F   A   F   A   A"),
    ("PUT",    "/api/v1/platforms/{code}/logo",                    "U   F   F   F   F   F   F   A   F   A   A"),
    ("DELETE", "/api/v1/platforms/{code}/logo",                    "U   F   F   F   F   F   F   A   F   A   A"),
    // A programme's certificate design: national staff.
    ("GET",    "/api/v1/programmes/{id}/certificate-template",     "U   F   F   F   F   F   F   F   F   A   A"),
    ("PUT",    "/api/v1/programmes/{id}/certificate-template",     "U   F   F   F   F   F   F   F   F   A   A"),
    ("PUT",    "/api/v1/programmes/{id}/certificate-template/{image}", "U   F   F   F   F   F   F   F   F   A   A"),
    ("GET",    "/api/v1/programmes/{id}/certificate-template/preview.pdf", "U   F   F   F   F   F   F   F   F   A   A"),
    ("GET",    "/api/v1/programmes/{id}",                          "U   F   F   A   A   A   A   A   A   A   A"),
    ("PUT",    "/api/v1/programmes/{id}",                          "U   F   F   F   F   F   F   F   F   A   A"),
    ("POST",   "/api/v1/programmes/{id}/stages",                   "U   F   F   F   F   F   F   F   F   A   A"),
    ("PUT",    "/api/v1/programmes/{id}/stages/{stage}",           "U   F   F   F   F   F   F   F   F   A   A"),
    ("DELETE", "/api/v1/programmes/{id}/stages/{stage}",           "U   F   F   F   F   F   F   F   F   A   A"),
    ("GET",    "/api/v1/audit",                                    "U   F   F   F   F   A   A   A   A   A   A"),
    ("GET",    "/api/v1/audit.csv",                                "U   F   F   F   F   A   A   A   A   A   A"),
    // Each caller changes their password to the same one (their other
    // sessions end) and deletes an account of its own made for the cell.
    ("PUT",    "/api/v1/auth/password",                            "U   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/auth/me/delete",                           "U   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/auth/login",                               "A   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/auth/logout",                              "A   A   A   A   A   A   A   A   A   A   A"),
    ("POST",   "/api/v1/auth/logout-everywhere",                   "U   A   A   A   A   A   A   A   A   A   A"),
];

/// The operations that change what staff are accountable for: each one
/// that succeeds writes exactly one audit record, and every other request
/// (refused, repeated, or not privileged) writes none.
const AUDITED: &[(&str, &str)] = &[
    ("POST", "/api/v1/platforms"),
    ("PUT", "/api/v1/platforms/{code}"),
    ("PUT", "/api/v1/platforms/{code}/featured"),
    ("PUT", "/api/v1/platforms/{code}/logo"),
    ("DELETE", "/api/v1/platforms/{code}/logo"),
    ("PUT", "/api/v1/programmes/{id}/certificate-template"),
    (
        "PUT",
        "/api/v1/programmes/{id}/certificate-template/{image}",
    ),
    ("PUT", "/api/v1/admin/users/{id}/roles"),
    ("POST", "/api/v1/admin/users/{id}/sign-out"),
    ("PUT", "/api/v1/coordination/targets"),
    ("POST", "/api/v1/programmes"),
    ("PUT", "/api/v1/programmes/{id}"),
    ("POST", "/api/v1/programmes/{id}/stages"),
    ("PUT", "/api/v1/programmes/{id}/stages/{stage}"),
    ("DELETE", "/api/v1/programmes/{id}/stages/{stage}"),
    ("POST", "/api/v1/courses/{id}/publish"),
    ("POST", "/api/v1/classes"),
    ("POST", "/api/v1/classes/{id}/sessions"),
    ("PUT", "/api/v1/classes/{id}/courses"),
    ("POST", "/api/v1/classes/{id}/roster-imports"),
    ("POST", "/api/v1/roster-imports/{id}/passwords.csv"),
    ("POST", "/api/v1/enrollments/{id}/approve"),
    ("POST", "/api/v1/enrollments/{id}/reject"),
    ("POST", "/api/v1/enrollments/{id}/remove"),
    ("PUT", "/api/v1/classes/{id}/candidates/{user}"),
    ("DELETE", "/api/v1/classes/{id}/candidates/{user}"),
    ("PUT", "/api/v1/sessions/{id}/attendance/{user}"),
    ("POST", "/api/v1/classes/{id}/finalise"),
    ("PUT", "/api/v1/classes/{id}"),
    ("POST", "/api/v1/classes/{id}/cancel"),
    ("PUT", "/api/v1/sessions/{id}"),
    ("POST", "/api/v1/sessions/{id}/cancel"),
    ("PUT", "/api/v1/classes/{id}/instructors/{user}"),
    ("DELETE", "/api/v1/classes/{id}/instructors/{user}"),
    ("PUT", "/api/v1/auth/me/name"),
    ("POST", "/api/v1/auth/password-reset"),
    ("POST", "/api/v1/admin/users"),
    ("POST", "/api/v1/admin/users/import"),
    ("POST", "/api/v1/users/{id}/password-reset"),
    ("PUT", "/api/v1/users/{id}/region"),
    ("PUT", "/api/v1/auth/password"),
    ("POST", "/api/v1/auth/me/delete"),
];

/// The objects the operations act on, all in Jintang county.
struct Fixture {
    programme: i64,
    /// An offline class (no stage) run by the demo instructor; the trainee
    /// is enrolled.
    class: i64,
    /// A class of a stage that needs selection, run by the demo instructor;
    /// the trainee completed the stage before it, so is a candidate.
    gated_class: i64,
    /// An online class run by the demo instructor, whose courses are set.
    online_class: i64,
    /// A session of `class` running now.
    session: i64,
    /// Another Jintang trainee's application to `class`.
    application: i64,
    roster_import: i64,
    /// The trainee whose data it is.
    trainee: i64,
    spare: i64,
    admin: i64,
    /// A published course the trainee is enrolled in, with a video lesson
    /// that has media and an audio rendition, and a quiz.
    course: i64,
    course_video: i64,
    quiz: i64,
    /// The trainee's attempt at `quiz`.
    attempt: AttemptView,
    /// A draft course, with a video and an article lesson.
    draft: i64,
    draft_video: i64,
    draft_article: i64,
    draft_module: i64,
    /// A draft course to publish.
    to_publish: i64,
    /// A class of the demo instructor's to cancel.
    to_cancel: i64,
    /// Sessions of `class` tomorrow: one to move (to where it is), one to cancel.
    to_move: i64,
    session_to_cancel: i64,
    /// A class of the demo instructor's whose co-instructor is added and removed.
    staffed: i64,
    co_instructor: i64,
    /// A notice to the trainee.
    notice: i64,
    /// The trainee's certificate (id, number) of a stage class the demo
    /// instructor runs.
    certificate: (i64, String),
}

enum Body {
    Empty,
    Json(serde_json::Value),
    Raw(&'static str, Vec<u8>),
}

/// The start of an MP4 (or M4A) file: enough for the content check.
fn mp4_bytes() -> Vec<u8> {
    let mut bytes = vec![0, 0, 0, 0x18];
    bytes.extend_from_slice(b"ftypmp42\0\0\0\0mp42isom");
    bytes.resize(256, 0);
    bytes
}

fn json(value: impl serde::Serialize) -> anyhow::Result<Body> {
    Ok(Body::Json(serde_json::to_value(value)?))
}

fn region(code: &str) -> anyhow::Result<RegionCode> {
    RegionCode::parse(code).map_err(|e| anyhow::anyhow!("{code}: {e:?}"))
}

/// The concrete request for one cell: the path with its parameters (and
/// query) filled in and a valid body. `n` is unique per cell, for bodies
/// that must not repeat (new mobile numbers).
async fn request_for(
    db: &DatabaseConnection,
    fx: &Fixture,
    instructor: &ApiClient,
    method: &str,
    template: &str,
    n: usize,
) -> anyhow::Result<(String, Body)> {
    let today = Utc::now().date_naive();
    let c = fx.class;
    let (path, body) = match (method, template) {
        ("GET", "/api/v1/regions/{code}/children") => {
            ("/api/v1/regions/510121/children".to_owned(), Body::Empty)
        }
        ("POST", "/api/v1/auth/register") => (
            template.to_owned(),
            json(registration("矩阵新人", &format!("1390000{n:04}")))?,
        ),
        ("GET", "/api/v1/classes/{id}")
        | ("GET", "/api/v1/classes/{id}/enrollments")
        | ("GET", "/api/v1/classes/{id}/roster.csv")
        | ("GET", "/api/v1/classes/{id}/roster.xlsx")
        | ("GET", "/api/v1/classes/{id}/attendance.csv")
        | ("GET", "/api/v1/classes/{id}/attendance.xlsx")
        | ("GET", "/api/v1/classes/{id}/progress")
        | ("GET", "/api/v1/classes/{id}/progress.csv")
        | ("GET", "/api/v1/classes/{id}/progress.xlsx")
        | ("GET", "/api/v1/classes/{id}/certificates")
        | ("GET", "/api/v1/classes/{id}/certificates.pdf")
        | ("GET", "/api/v1/classes/{id}/roster-imports")
        | ("POST", "/api/v1/classes/{id}/apply")
        | ("POST", "/api/v1/classes/{id}/finalise")
        | ("POST", "/api/v1/classes/{id}/withdraw") => {
            (template.replace("{id}", &c.to_string()), Body::Empty)
        }
        ("GET", "/api/v1/classes/{id}/courses") | ("GET", "/api/v1/me/classes/{id}/courses") => (
            template.replace("{id}", &fx.online_class.to_string()),
            Body::Empty,
        ),
        ("POST", "/api/v1/courses/{id}/enroll") => (
            template.replace("{id}", &fx.course.to_string()),
            Body::Empty,
        ),
        ("GET", "/api/v1/lessons/{id}/progress")
        | ("GET", "/api/v1/lessons/{id}/media")
        | ("GET", "/api/v1/lessons/{id}/media/audio") => (
            template.replace("{id}", &fx.course_video.to_string()),
            Body::Empty,
        ),
        ("POST", "/api/v1/lessons/{id}/progress") => (
            template.replace("{id}", &fx.course_video.to_string()),
            json(at_position(1))?,
        ),
        ("POST", "/api/v1/me/progress/offline") => (
            template.to_owned(),
            json(OfflineProgress {
                reports: vec![OfflineReport {
                    lesson_id: LessonId(fx.course_video),
                    at: Utc::now(),
                    report: at_position(2),
                }],
            })?,
        ),
        ("POST", "/api/v1/lessons/{id}/attention") => (
            template.replace("{id}", &fx.course_video.to_string()),
            json(AttentionAnswer { code: 1 })?,
        ),
        ("POST", "/api/v1/quizzes/{id}/attempts") => {
            (template.replace("{id}", &fx.quiz.to_string()), Body::Empty)
        }
        ("POST", "/api/v1/attempts/{id}/submit") => (
            template.replace("{id}", &fx.attempt.id.to_string()),
            json(SubmitAnswers {
                answers: fx
                    .attempt
                    .questions
                    .iter()
                    .map(|q| Answer {
                        question_id: q.id,
                        chosen: vec![0],
                    })
                    .collect(),
            })?,
        ),
        ("GET", "/api/v1/courses/{id}")
        | ("GET", "/api/v1/me/courses/{id}")
        | ("GET", "/api/v1/courses/{id}/quizzes")
        | ("GET", "/api/v1/courses/{id}/questions") => {
            (template.replace("{id}", &fx.draft.to_string()), Body::Empty)
        }
        ("POST", "/api/v1/courses") => (template.to_owned(), json(course_draft())?),
        ("PUT", "/api/v1/courses/{id}") => (
            template.replace("{id}", &fx.draft.to_string()),
            json(course_draft())?,
        ),
        ("POST", "/api/v1/courses/{id}/modules") => (
            template.replace("{id}", &fx.draft.to_string()),
            json(ModuleDraft {
                title: "新的一章".into(),
            })?,
        ),
        ("POST", "/api/v1/modules/{id}/lessons") => (
            template.replace("{id}", &fx.draft_module.to_string()),
            json(article_draft())?,
        ),
        ("PUT", "/api/v1/lessons/{id}") => (
            template.replace("{id}", &fx.draft_article.to_string()),
            json(article_draft())?,
        ),
        ("PUT", "/api/v1/courses/{id}/order") => {
            // The order must name every module and lesson as they are now.
            let outline: CourseOutline = expect_json(
                instructor
                    .get(&format!("/api/v1/courses/{}", fx.draft))
                    .await?,
                StatusCode::OK,
            )
            .await?;
            let order = CourseOrder {
                modules: outline
                    .modules
                    .iter()
                    .map(|m| ModuleOrder {
                        id: m.id,
                        lessons: m.lessons.iter().map(|l| l.id).collect(),
                    })
                    .collect(),
            };
            (
                template.replace("{id}", &fx.draft.to_string()),
                json(order)?,
            )
        }
        ("PUT", "/api/v1/lessons/{id}/media") => (
            template.replace("{id}", &fx.draft_video.to_string()),
            Body::Raw("video/mp4", mp4_bytes()),
        ),
        ("PUT", "/api/v1/lessons/{id}/media/audio") => (
            template.replace("{id}", &fx.draft_video.to_string()),
            Body::Raw("audio/mp4", mp4_bytes()),
        ),
        ("POST", "/api/v1/courses/{id}/questions") => (
            template.replace("{id}", &fx.draft.to_string()),
            json(true_or_false())?,
        ),
        ("POST", "/api/v1/courses/{id}/quizzes") => (
            template.replace("{id}", &fx.draft.to_string()),
            json(quiz_settings())?,
        ),
        ("POST", "/api/v1/courses/{id}/publish") => (
            template.replace("{id}", &fx.to_publish.to_string()),
            Body::Empty,
        ),
        ("POST", "/api/v1/classes") => {
            let mut class = offline_class(
                cultivator_shared::ProgrammeId(fx.programme),
                30,
                EnrollmentMode::Open,
            );
            class.title = format!("矩阵新班{n}");
            (template.to_owned(), json(class)?)
        }
        ("POST", "/api/v1/classes/{id}/sessions") => {
            let (starts_at, ends_at) = tomorrow(1)?;
            (
                template.replace("{id}", &c.to_string()),
                json(NewSessionRequest {
                    starts_at,
                    ends_at,
                    venue: None,
                    capacity_note: None,
                })?,
            )
        }
        ("PUT", "/api/v1/classes/{id}/courses") => (
            template.replace("{id}", &fx.online_class.to_string()),
            json(ClassCourses {
                courses: vec![cultivator_shared::CourseId(fx.course)],
            })?,
        ),
        ("POST", "/api/v1/classes/{id}/roster-imports") => (
            template.replace("{id}", &c.to_string()),
            Body::Raw(
                "application/octet-stream",
                rosters::csv(&[["矩阵学员", &format!("1390001{n:04}"), "510121100201", ""]]),
            ),
        ),
        ("GET", "/api/v1/roster-imports/{id}")
        | ("POST", "/api/v1/roster-imports/{id}/passwords.csv") => (
            template.replace("{id}", &fx.roster_import.to_string()),
            Body::Empty,
        ),
        ("POST", "/api/v1/enrollments/{id}/approve")
        | ("POST", "/api/v1/enrollments/{id}/reject")
        | ("POST", "/api/v1/enrollments/{id}/remove") => (
            template.replace("{id}", &fx.application.to_string()),
            Body::Empty,
        ),
        ("PUT", "/api/v1/classes/{id}") => {
            let mut settings = offline_class(
                cultivator_shared::ProgrammeId(fx.programme),
                30,
                EnrollmentMode::Approval,
            );
            settings.title = "矩阵测试班".into();
            let class: ClassDetail = expect_json(
                instructor.get(&format!("/api/v1/classes/{c}")).await?,
                StatusCode::OK,
            )
            .await?;
            (
                template.replace("{id}", &c.to_string()),
                json(UpdateClassRequest {
                    title: settings.title,
                    starts_on: class.class.starts_on,
                    ends_on: class.class.ends_on,
                    seat_limit: 30,
                    enrollment_mode: EnrollmentMode::Approval,
                    venue: settings.venue,
                })?,
            )
        }
        ("POST", "/api/v1/classes/{id}/cancel") => (
            template.replace("{id}", &fx.to_cancel.to_string()),
            json(CancelRequest {
                reason: "场地检修".into(),
            })?,
        ),
        ("PUT", "/api/v1/sessions/{id}") => {
            let (starts_at, ends_at) = tomorrow(1)?;
            (
                template.replace("{id}", &fx.to_move.to_string()),
                json(NewSessionRequest {
                    starts_at,
                    ends_at,
                    venue: None,
                    capacity_note: None,
                })?,
            )
        }
        ("POST", "/api/v1/sessions/{id}/cancel") => (
            template.replace("{id}", &fx.session_to_cancel.to_string()),
            json(CancelRequest {
                reason: "讲师临时有事".into(),
            })?,
        ),
        ("GET", "/api/v1/classes/{id}/instructors") => (
            template.replace("{id}", &fx.staffed.to_string()),
            Body::Empty,
        ),
        ("PUT", "/api/v1/classes/{id}/instructors/{user}")
        | ("DELETE", "/api/v1/classes/{id}/instructors/{user}") => {
            let path = template
                .replace("{id}", &fx.staffed.to_string())
                .replace("{user}", &fx.co_instructor.to_string());
            if method == "DELETE" {
                // Listed again before each removal, so that every caller
                // allowed to remove finds them there.
                let added = instructor.request(Method::PUT, &path).send().await?;
                anyhow::ensure!(
                    matches!(
                        added.status(),
                        StatusCode::NO_CONTENT | StatusCode::CONFLICT
                    ),
                    "re-adding: {}",
                    added.status()
                );
            }
            (path, Body::Empty)
        }
        ("GET", "/api/v1/certificates/{id}")
        | ("GET", "/api/v1/certificates/{id}/certificate.pdf") => (
            template.replace("{id}", &fx.certificate.0.to_string()),
            Body::Empty,
        ),
        ("GET", "/api/v1/users/{id}/certificates") => (
            template.replace("{id}", &fx.trainee.to_string()),
            Body::Empty,
        ),
        ("GET", "/api/v1/verify/{number}") => {
            (template.replace("{number}", &fx.certificate.1), Body::Empty)
        }
        ("POST", "/api/v1/notifications/{id}/read") => (
            template.replace("{id}", &fx.notice.to_string()),
            Body::Empty,
        ),
        ("GET", "/api/v1/classes/{id}/candidates") => (
            template.replace("{id}", &fx.gated_class.to_string()),
            Body::Empty,
        ),
        ("PUT", "/api/v1/classes/{id}/candidates/{user}")
        | ("DELETE", "/api/v1/classes/{id}/candidates/{user}") => (
            template
                .replace("{id}", &fx.gated_class.to_string())
                .replace("{user}", &fx.trainee.to_string()),
            Body::Empty,
        ),
        ("GET", "/api/v1/sessions/{id}/checkin-code")
        | ("GET", "/api/v1/sessions/{id}/checkin-kit")
        | ("GET", "/api/v1/sessions/{id}/attendance")
        | ("GET", "/api/v1/sessions/{id}/attendance/corrections") => (
            template.replace("{id}", &fx.session.to_string()),
            Body::Empty,
        ),
        ("POST", "/api/v1/sessions/{id}/checkin") => {
            // The code shown now, as the trainee would scan it.
            let code: CheckinCode = expect_json(
                instructor
                    .get(&format!("/api/v1/sessions/{}/checkin-code", fx.session))
                    .await?,
                StatusCode::OK,
            )
            .await?;
            (
                template.replace("{id}", &fx.session.to_string()),
                json(CheckinRequest {
                    code: code.code,
                    at: None,
                })?,
            )
        }
        ("PUT", "/api/v1/sessions/{id}/attendance/{user}") => (
            template
                .replace("{id}", &fx.session.to_string())
                .replace("{user}", &fx.trainee.to_string()),
            json(MarkAttendanceRequest {
                state: AttendanceState::Present,
                at: None,
            })?,
        ),
        ("GET", "/api/v1/coordination/targets") => (
            format!("{template}?programme={}&region=510121", fx.programme),
            Body::Empty,
        ),
        ("PUT", "/api/v1/coordination/targets") => (
            template.to_owned(),
            json(SetTargetsRequest {
                programme: cultivator_shared::ProgrammeId(fx.programme),
                year: Some(today.year()),
                targets: vec![ChildTarget {
                    region: region("510121100")?,
                    online: 10,
                    offline: 5,
                }],
            })?,
        ),
        ("GET", "/api/v1/coordination/dashboard")
        | ("GET", "/api/v1/coordination/dashboard.csv")
        | ("GET", "/api/v1/coordination/dashboard.xlsx") => (
            format!("{template}?programme={}&region=510121", fx.programme),
            Body::Empty,
        ),
        ("GET", "/api/v1/coordination/classes")
        | ("GET", "/api/v1/coordination/integrity")
        | ("GET", "/api/v1/coordination/integrity.csv") => {
            (format!("{template}?region=510121"), Body::Empty)
        }
        ("PUT", "/api/v1/admin/users/{id}/roles") => (
            template.replace("{id}", &fx.spare.to_string()),
            json(SetRolesRequest {
                roles: vec![RoleGrant::global(Role::Trainee)],
            })?,
        ),
        ("POST", "/api/v1/admin/users/{id}/sign-out")
        | ("POST", "/api/v1/users/{id}/password-reset") => {
            (template.replace("{id}", &fx.spare.to_string()), Body::Empty)
        }
        ("PUT", "/api/v1/users/{id}/region") => (
            template.replace("{id}", &fx.spare.to_string()),
            json(SetRegionRequest {
                region_code: "510121100202".into(),
            })?,
        ),
        ("PUT", "/api/v1/auth/me/name") => (
            template.to_owned(),
            json(RenameRequest {
                name: "矩阵改名".into(),
                reason: "权限矩阵测试".into(),
            })?,
        ),
        ("PUT", "/api/v1/auth/password") => (
            template.to_owned(),
            json(ChangePasswordRequest {
                current_password: DEMO_PASSWORD.into(),
                new_password: DEMO_PASSWORD.into(),
            })?,
        ),
        ("POST", "/api/v1/auth/me/delete") => (
            template.to_owned(),
            json(DeleteAccountRequest {
                password: DEMO_PASSWORD.into(),
            })?,
        ),
        ("POST", "/api/v1/admin/users") => (
            template.to_owned(),
            json(NewAccountRequest {
                name: "矩阵新账号".into(),
                mobile: format!("1390002{n:04}"),
                region_code: "510121100201".into(),
            })?,
        ),
        ("POST", "/api/v1/admin/users/import") => (
            template.to_owned(),
            Body::Raw(
                "application/octet-stream",
                rosters::csv(&[["矩阵批量", &format!("1390003{n:04}"), "510121100201", ""]]),
            ),
        ),
        ("POST", "/api/v1/programmes") => {
            let today = Utc::now().date_naive();
            let request = NewProgramme {
                programme: ProgrammeFields {
                    code: format!("matrix-{n}"),
                    title: format!("矩阵计划{n}"),
                    summary: String::new(),
                    starts_on: today,
                    ends_on: today + Duration::days(365),
                    owner_region: None,
                },
                stages: vec![matrix_stage(n)],
            };
            (template.to_owned(), json(request)?)
        }
        ("POST", "/api/v1/platforms") => (
            template.to_owned(),
            json(NewPlatform {
                code: format!("matrix-{n}"),
                host: None,
                home_region: None,
                branding: matrix_branding(n),
            })?,
        ),
        ("PUT", "/api/v1/platforms/{code}") => (
            template.replace("{code}", "sichuan"),
            json(matrix_branding(n))?,
        ),
        ("GET", "/api/v1/platforms/{code}/items") | ("DELETE", "/api/v1/platforms/{code}/logo") => {
            (template.replace("{code}", "sichuan"), Body::Empty)
        }
        ("PUT", "/api/v1/platforms/{code}/featured") => (
            template.replace("{code}", "sichuan"),
            json(FeaturedItems { items: Vec::new() })?,
        ),
        // Sharing what the platform does not own: allowed, and a no-op.
        ("PUT", "/api/v1/platforms/{code}/courses/{id}") => (
            template
                .replace("{code}", "sichuan")
                .replace("{id}", &fx.course.to_string()),
            json(Ownership { owned: false })?,
        ),
        ("PUT", "/api/v1/platforms/{code}/classes/{id}") => (
            template
                .replace("{code}", "sichuan")
                .replace("{id}", &fx.class.to_string()),
            json(Ownership { owned: false })?,
        ),
        ("PUT", "/api/v1/platforms/{code}/logo") => (
            template.replace("{code}", "sichuan"),
            Body::Raw(
                "application/octet-stream",
                cultivator_bench::certificates::SAMPLE_LOGO.to_vec(),
            ),
        ),
        ("GET", "/api/v1/programmes/{id}/certificate-template")
        | ("GET", "/api/v1/programmes/{id}/certificate-template/preview.pdf") => (
            template.replace("{id}", &fx.programme.to_string()),
            Body::Empty,
        ),
        ("PUT", "/api/v1/programmes/{id}/certificate-template") => (
            template.replace("{id}", &fx.programme.to_string()),
            json(cultivator_shared::api::certificates::CertificateTemplate {
                issuer_zh: format!("矩阵签发单位{n}"),
                issuer_en: "Matrix issuer".to_owned(),
                heading: String::new(),
                closing: String::new(),
                signatory_name: "李明".to_owned(),
                signatory_title: "厅长".to_owned(),
            })?,
        ),
        ("PUT", "/api/v1/programmes/{id}/certificate-template/{image}") => (
            template
                .replace("{id}", &fx.programme.to_string())
                .replace("{image}", "logo"),
            Body::Raw(
                "application/octet-stream",
                cultivator_bench::certificates::SAMPLE_LOGO.to_vec(),
            ),
        ),
        ("POST", "/api/v1/classes/{id}/certificate-batches")
        | ("GET", "/api/v1/classes/{id}/certificate-batches") => {
            (template.replace("{id}", &c.to_string()), Body::Empty)
        }
        ("GET", "/api/v1/classes/{id}/certificate-batches/{batch}")
        | ("GET", "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.pdf")
        | ("GET", "/api/v1/classes/{id}/certificate-batches/{batch}/certificates.zip") => {
            // A batch the class's instructor started, for every caller (one
            // prints at a time: the latest, or a new one if there is none).
            use cultivator_shared::api::certificates::CertificateBatchView;
            let batches = format!("/api/v1/classes/{c}/certificate-batches");
            let listed: Vec<CertificateBatchView> =
                expect_json(instructor.get(&batches).await?, StatusCode::OK).await?;
            let batch = match listed.into_iter().next() {
                Some(latest) => latest,
                None => {
                    expect_json(instructor.post(&batches, &()).await?, StatusCode::ACCEPTED).await?
                }
            };
            (
                template
                    .replace("{id}", &c.to_string())
                    .replace("{batch}", &batch.id.to_string()),
                Body::Empty,
            )
        }
        ("GET", "/api/v1/programmes/{id}") => (
            template.replace("{id}", &fx.programme.to_string()),
            Body::Empty,
        ),
        ("PUT", "/api/v1/programmes/{id}") => {
            // A new title each time, so that each allowed call changes it.
            let mut fields = cultivator_server::domain::programmes::detail(
                db,
                cultivator_shared::ProgrammeId(fx.programme),
            )
            .await?
            .programme;
            fields.title = format!("矩阵改名{n}");
            (
                template.replace("{id}", &fx.programme.to_string()),
                json(fields)?,
            )
        }
        ("POST", "/api/v1/programmes/{id}/stages") => (
            template.replace("{id}", &fx.programme.to_string()),
            json(matrix_stage(n))?,
        ),
        ("PUT", "/api/v1/programmes/{id}/stages/{stage}")
        | ("DELETE", "/api/v1/programmes/{id}/stages/{stage}") => {
            // A stage of its own per cell, unused, so it can be deleted.
            let stage = programmes::insert_stage(
                db,
                cultivator_shared::ProgrammeId(fx.programme),
                programmes::NewStage {
                    position: 1000 + i32::try_from(n)?,
                    title: "矩阵阶段",
                    track: Track::Offline,
                    requires_previous: false,
                    requires_selection: false,
                    selected_by: cultivator_shared::RegionLevel::County,
                },
            )
            .await?;
            let path = template
                .replace("{id}", &fx.programme.to_string())
                .replace("{stage}", &stage.to_string());
            let body = if method == "PUT" {
                json(StageUpdate {
                    stage: matrix_stage(n),
                    retired: false,
                })?
            } else {
                Body::Empty
            };
            (path, body)
        }
        _ if !template.contains('{') => (template.to_owned(), Body::Empty),
        _ => anyhow::bail!("no request is written for {method} {template}"),
    };
    Ok((path, body))
}

/// Two hours tomorrow from `hour` (UTC), on the matrix classes' days.
fn tomorrow(hour: u32) -> anyhow::Result<(chrono::DateTime<Utc>, chrono::DateTime<Utc>)> {
    let day = Utc::now().date_naive() + Duration::days(1);
    let at = |h: u32| -> anyhow::Result<_> {
        let time = NaiveTime::from_hms_opt(h, 0, 0).context("time")?;
        Ok(day.and_time(time).and_utc())
    };
    Ok((at(hour)?, at(hour + 2)?))
}

fn matrix_stage(n: usize) -> StageFields {
    StageFields {
        title: format!("矩阵阶段{n}"),
        track: Track::Offline,
        requires_previous: true,
        requires_selection: false,
        selected_by: cultivator_shared::RegionLevel::County,
    }
}

fn course_draft() -> CourseDraft {
    CourseDraft {
        title: "矩阵课程".into(),
        summary: "权限矩阵测试用课程。".into(),
        category: "测试".into(),
        credit_hours: CreditHours(10),
        completion_threshold_pct: 80,
        attention_every_minutes: None,
    }
}

fn article_draft() -> LessonDraft {
    LessonDraft {
        title: "矩阵文章".into(),
        kind: LessonKind::Article,
        required: true,
        duration_secs: None,
        body_markdown: Some("本讲内容。".into()),
    }
}

fn true_or_false() -> NewQuestion {
    NewQuestion {
        kind: QuestionKind::TrueFalse,
        prompt: "秸秆可以还田".into(),
        options: vec!["对".into(), "错".into()],
        correct: vec![0],
        explanation: String::new(),
    }
}

fn quiz_settings() -> NewQuiz {
    NewQuiz {
        title: "小测".into(),
        question_count: 1,
        shuffle: false,
        pass_pct: 100,
        max_attempts: None,
        time_limit_secs: None,
        required: false,
        scoring: QuizScoring::Best,
        show_answers: None,
    }
}

/// The one-letter outcome of a status, as the table writes it (`I`: the
/// request was refused as invalid, `E`: a server error).
fn outcome(status: StatusCode) -> char {
    match status.as_u16() {
        401 => 'U',
        403 => 'F',
        404 => 'N',
        400 | 422 => 'I',
        500.. => 'E',
        _ => 'A',
    }
}

/// A platform's branding, named after the cell so that each allowed call
/// changes it.
fn matrix_branding(n: usize) -> PlatformBrandingFields {
    PlatformBrandingFields {
        name_zh: format!("矩阵平台{n}"),
        name_en: format!("Matrix platform {n}"),
        short_zh: "矩阵".into(),
        short_en: "Matrix".into(),
        primary_colour: "#b71c1c".into(),
        accent_colour: "#ffb300".into(),
        welcome_markdown: String::new(),
        issuer: String::new(),
    }
}

/// Creates an account living in `home` holding the trainee role and `grant`.
async fn account(
    db: &DatabaseConnection,
    name: &str,
    mobile: &str,
    home: &str,
    grant: Option<RoleGrant>,
) -> anyhow::Result<UserId> {
    let parse = |e| anyhow::anyhow!("{e:?}");
    let user = accounts::register(
        db,
        NewAccount {
            name: PersonName::parse(name).map_err(parse)?,
            mobile: Mobile::parse(mobile).map_err(parse)?,
            password: Password::parse(DEMO_PASSWORD).map_err(parse)?,
            region: region(home)?,
        },
    )
    .await?;
    if let Some(grant) = grant {
        accounts::set_roles(
            db,
            &Actor::system("test"),
            user.id,
            vec![RoleGrant::global(Role::Trainee), grant],
        )
        .await?;
    }
    Ok(user.id)
}

async fn user_id(db: &DatabaseConnection, mobile: &str) -> anyhow::Result<i64> {
    Ok(users::find_by_mobile(db, mobile)
        .await?
        .with_context(|| format!("no account {mobile}"))?
        .id)
}

/// A client signed in as `mobile`, or an anonymous one.
async fn client_for(app: &TestApp, mobile: Option<&str>) -> anyhow::Result<ApiClient> {
    match mobile {
        Some(mobile) => app.signed_in(mobile).await,
        None => app.client(),
    }
}

/// The accounts the demo lacks, the classes, courses and records the
/// operations act on.
async fn setup(app: &TestApp, callers: &[ApiClient]) -> anyhow::Result<Fixture> {
    let db = &app.db;
    let instructor = &callers[3];
    let programme = demo_programme(db).await?;

    let mut class = offline_class(programme, 30, EnrollmentMode::Approval);
    class.title = "矩阵测试班".into();
    let class: ClassDetail = create_class(instructor, &class).await?;
    let class_id = class.class.id;
    let session = add_current_session(instructor, class).await?;

    let programmes: Vec<ProgrammeView> =
        expect_json(instructor.get("/api/v1/programmes").await?, StatusCode::OK).await?;
    let gated_stage = programmes
        .iter()
        .find(|p| p.id == programme)
        .and_then(|p| p.stages.iter().find(|s| s.requires_selection))
        .context("the demo programme has a gated stage")?;
    let mut gated = offline_class(programme, 30, EnrollmentMode::Open);
    gated.title = "矩阵考察学习班".into();
    gated.stage_id = Some(gated_stage.id);
    let gated: ClassDetail = create_class(instructor, &gated).await?;
    let before_gated = programmes
        .iter()
        .find(|p| p.id == programme)
        .and_then(|p| {
            p.stages
                .iter()
                .find(|s| s.position == gated_stage.position - 1)
        })
        .context("a stage before the gated one")?;
    let mut earlier = offline_class(programme, 30, EnrollmentMode::Open);
    earlier.title = "矩阵首次集中培训班".into();
    earlier.stage_id = Some(before_gated.id);
    let earlier: ClassDetail = create_class(instructor, &earlier).await?;

    let mut online = offline_class(programme, 100, EnrollmentMode::Open);
    online.title = "矩阵线上研修班".into();
    online.track = Track::Online;
    online.ends_on = online.starts_on + Duration::days(30);
    online.venue = None;
    online.attendance_threshold_pct = None;
    let online: ClassDetail = create_class(instructor, &online).await?;

    // The other instructor runs a class of their own.
    let mut theirs = offline_class(programme, 30, EnrollmentMode::Open);
    theirs.title = "另一位教师的班".into();
    create_class(&callers[4], &theirs).await?;

    let trainee = user_id(db, "13800000010").await?;
    classes::insert_enrollment(db, class_id, UserId(trainee), EnrollmentStatus::Enrolled).await?;
    let completed = classes::insert_enrollment(
        db,
        earlier.class.id,
        UserId(trainee),
        EnrollmentStatus::Completed,
    )
    .await?;
    let certificate = certificate_of(db, completed, UserId(trainee)).await?;
    let application = classes::insert_enrollment(
        db,
        class_id,
        UserId(user_id(db, APPLICANT).await?),
        EnrollmentStatus::Applied,
    )
    .await?;

    let import = rosters::upload(
        instructor,
        class_id,
        rosters::csv(&[["矩阵导入", "13900099999", "510121100201", ""]]),
    )
    .await?;
    let import: RosterImportJob = expect_json(import, StatusCode::ACCEPTED).await?;

    let course = small_course(db, PublishState::Published).await?;
    for (suffix, content_type) in [("media", "video/mp4"), ("media/audio", "audio/mp4")] {
        let response = instructor
            .request(
                Method::PUT,
                &format!("/api/v1/lessons/{}/{suffix}", course.video),
            )
            .header("content-type", content_type)
            .body(mp4_bytes())
            .send()
            .await?;
        anyhow::ensure!(
            response.status() == StatusCode::NO_CONTENT,
            "uploading {suffix}: {}",
            response.status()
        );
    }
    let _: i64 = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/questions", course.id),
                &true_or_false(),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let quiz: QuizView = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/quizzes", course.id),
                &quiz_settings(),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let learner = &callers[1];
    let _: serde_json::Value = expect_json(
        learner
            .post(&format!("/api/v1/courses/{}/enroll", course.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let attempt: AttemptView = expect_json(
        learner
            .post(&format!("/api/v1/quizzes/{}/attempts", quiz.id), &())
            .await?,
        StatusCode::CREATED,
    )
    .await?;

    let draft = small_course(db, PublishState::Draft).await?;
    let outline: CourseOutline = expect_json(
        instructor
            .get(&format!("/api/v1/courses/{}", draft.id))
            .await?,
        StatusCode::OK,
    )
    .await?;
    let draft_module = outline.modules.first().context("a module")?.id;
    let _: i64 = expect_json(
        instructor
            .post(
                &format!("/api/v1/courses/{}/questions", draft.id),
                &true_or_false(),
            )
            .await?,
        StatusCode::CREATED,
    )
    .await?;
    let to_publish = small_course(db, PublishState::Draft).await?;

    let mut to_cancel = offline_class(programme, 30, EnrollmentMode::Open);
    to_cancel.title = "矩阵待取消班".into();
    let to_cancel: ClassDetail = create_class(instructor, &to_cancel).await?;
    let mut sessions = Vec::new();
    for hour in [1, 5] {
        let (starts_at, ends_at) = tomorrow(hour)?;
        let session: SessionView = expect_json(
            instructor
                .post(
                    &format!("/api/v1/classes/{}/sessions", class_id.0),
                    &NewSessionRequest {
                        starts_at,
                        ends_at,
                        venue: None,
                        capacity_note: None,
                    },
                )
                .await?,
            StatusCode::CREATED,
        )
        .await?;
        sessions.push(session.id.0);
    }
    let mut staffed = offline_class(programme, 30, EnrollmentMode::Open);
    staffed.title = "矩阵合作授课班".into();
    let staffed: ClassDetail = create_class(instructor, &staffed).await?;
    let notice = notice_to(db, UserId(trainee)).await?;

    Ok(Fixture {
        programme: programme.0,
        class: class_id.0,
        gated_class: gated.class.id.0,
        online_class: online.class.id.0,
        session: session.id.0,
        application: application.0,
        roster_import: import.id.0,
        trainee,
        spare: user_id(db, SPARE).await?,
        admin: user_id(db, "13800000001").await?,
        course: course.id.0,
        course_video: course.video.0,
        quiz: quiz.id,
        attempt,
        draft: draft.id.0,
        draft_video: draft.video.0,
        draft_article: draft.article.0,
        draft_module: draft_module.0,
        to_publish: to_publish.id.0,
        to_cancel: to_cancel.class.id.0,
        to_move: sessions[0],
        session_to_cancel: sessions[1],
        staffed: staffed.class.id.0,
        co_instructor: user_id(db, CO_INSTRUCTOR).await?,
        notice,
        certificate,
    })
}

/// Issues the certificate of a completion the fixture inserted directly,
/// as the completion module would have: (id, number).
async fn certificate_of(
    db: &DatabaseConnection,
    enrollment: cultivator_shared::EnrollmentId,
    trainee: UserId,
) -> anyhow::Result<(i64, String)> {
    use cultivator_server::domain::certificates;
    let txn = cultivator_server::db::begin_write(db).await?;
    certificates::issue::after_class_completion(&txn, enrollment, Utc::now()).await?;
    txn.commit().await?;
    let cert = cultivator_server::db::certificates::of_user(db, trainee)
        .await?
        .into_iter()
        .next()
        .context("a certificate was issued")?;
    Ok((cert.id, cert.number))
}

/// A notice to `user`, as the domain writes them; its id.
async fn notice_to(db: &DatabaseConnection, user: UserId) -> anyhow::Result<i64> {
    use cultivator_server::domain::notifications;
    use cultivator_shared::api::notifications::NotificationKind;
    notifications::notify(
        db,
        &[notifications::Notice {
            user,
            kind: NotificationKind::EnrollmentApproved,
            class: None,
            session: None,
            detail: Default::default(),
        }],
        Utc::now(),
    )
    .await?;
    let page = notifications::page(db, user, 1, 0).await?;
    Ok(page.items.first().context("the notice")?.id)
}

/// Every operation of the served OpenAPI document, as (METHOD, path).
async fn documented_operations(app: &TestApp) -> anyhow::Result<BTreeSet<(String, String)>> {
    let response = app.client()?.get("/api/openapi.json").await?;
    anyhow::ensure!(response.status() == StatusCode::OK, "no OpenAPI document");
    let doc: serde_json::Value = response.json().await?;
    let paths = doc["paths"].as_object().context("no paths")?;
    let mut operations = BTreeSet::new();
    for (path, item) in paths {
        for method in item.as_object().context("a path item")?.keys() {
            operations.insert((method.to_uppercase(), path.clone()));
        }
    }
    Ok(operations)
}

/// The expected codes of a row, one per caller.
fn expected_codes(codes: &str) -> anyhow::Result<Vec<char>> {
    let parsed: Vec<char> = codes
        .split_whitespace()
        .map(|c| match c {
            "A" | "U" | "F" | "N" => c.chars().next().context("a code"),
            other => anyhow::bail!("unknown code {other:?}"),
        })
        .collect::<anyhow::Result<_>>()?;
    anyhow::ensure!(
        parsed.len() == CALLERS.len(),
        "{} codes in {codes:?}",
        parsed.len()
    );
    Ok(parsed)
}

async fn every_operation_answers_every_caller_as_the_matrix_says(
    backend: Backend,
) -> anyhow::Result<()> {
    // Uploaded media go to a directory of this test's own.
    let media_dir =
        std::env::temp_dir().join(format!("cultivator-matrix-{:016x}", rand::random::<u64>()));
    let config = AppConfig {
        media_dir: media_dir.clone(),
        ..AppConfig::default()
    };
    let app = TestApp::spawn_with(backend, config)
        .await?
        .with_demo()
        .await?;
    let db = &app.db;
    account(
        db,
        "钱教师",
        OTHER_INSTRUCTOR,
        "510121100202",
        Some(RoleGrant::instructor(Some(region("51")?))),
    )
    .await?;
    account(
        db,
        "孙协调",
        NEIGHBOURING_COUNTY,
        "510623100201",
        Some(RoleGrant::coordinator(Some(region("510623")?))),
    )
    .await?;
    account(
        db,
        "吴协调",
        OTHER_PROVINCE,
        "522601100201",
        Some(RoleGrant::coordinator(Some(region("52")?))),
    )
    .await?;
    account(db, "备用学员", SPARE, "510121100201", None).await?;
    account(
        db,
        "郑教师",
        CO_INSTRUCTOR,
        "510121100201",
        Some(RoleGrant::instructor(Some(region("5101")?))),
    )
    .await?;

    // Problems with the table itself: operations missing from it, rows for
    // operations that are gone, rows named twice.
    let documented = documented_operations(&app).await?;
    let mut problems = Vec::new();
    let mut listed = BTreeSet::new();
    for (method, path, codes) in MATRIX {
        expected_codes(codes).with_context(|| format!("{method} {path}"))?;
        if !listed.insert(((*method).to_owned(), (*path).to_owned())) {
            problems.push(format!("{method} {path}: listed twice in the matrix"));
        }
    }
    for (method, path) in documented.difference(&listed) {
        problems.push(format!(
            "{method} {path}: in the OpenAPI document but has no row in the matrix"
        ));
    }
    for (method, path) in listed.difference(&documented) {
        problems.push(format!(
            "{method} {path}: has a row in the matrix but is not in the OpenAPI document"
        ));
    }

    let mut callers = Vec::new();
    for mobile in MOBILES {
        callers.push(client_for(&app, mobile).await?);
    }
    let fx = setup(&app, &callers).await?;

    let mut mismatches = Vec::new();
    let mut audit_problems = Vec::new();
    let mut n = 0;
    for (method, template, codes) in MATRIX {
        if !documented.contains(&((*method).to_owned(), (*template).to_owned())) {
            continue;
        }
        let expected = expected_codes(codes)?;
        let mut actual = String::new();
        let mut row_differs = false;
        for (caller, mobile) in MOBILES.iter().enumerate() {
            n += 1;
            let (path, body) = match request_for(db, &fx, &callers[3], method, template, n).await {
                Ok(request) => request,
                Err(err) => {
                    problems.push(format!("{method} {template}: {err:#}"));
                    break;
                }
            };
            // Signing in and out happens on a client of its own, so that the
            // caller's session lives on for the rows after.
            let own_client;
            let client = match *template {
                "/api/v1/auth/login" => {
                    own_client = app.client()?;
                    &own_client
                }
                "/api/v1/auth/logout" => {
                    own_client = client_for(&app, *mobile).await?;
                    &own_client
                }
                // Each signed-in caller deletes an account of its own.
                "/api/v1/auth/me/delete" if mobile.is_some() => {
                    let own = format!("1390004{n:04}");
                    account(db, "矩阵注销", &own, "510121100201", None).await?;
                    own_client = app.signed_in(&own).await?;
                    &own_client
                }
                _ => &callers[caller],
            };
            let body = match *template {
                "/api/v1/auth/login" => json(LoginRequest {
                    mobile: mobile.unwrap_or(SPARE).into(),
                    password: DEMO_PASSWORD.into(),
                })?,
                // A fresh code for the spare trainee, set back to the demo password.
                "/api/v1/auth/password-reset" => {
                    let issued = reset::issue(
                        db,
                        &Actor::system("authorization matrix"),
                        UserId(fx.admin),
                        UserId(fx.spare),
                        Utc::now(),
                    )
                    .await?;
                    json(ResetWithCodeRequest {
                        mobile: SPARE.into(),
                        code: issued.code,
                        new_password: DEMO_PASSWORD.into(),
                    })?
                }
                _ => body,
            };
            let request = client.request(Method::from_bytes(method.as_bytes())?, &path);
            let request = match body {
                Body::Empty => request,
                Body::Json(value) => request.json(&value),
                Body::Raw(content_type, bytes) => {
                    request.header("content-type", content_type).body(bytes)
                }
            };
            let records_before = audit_records::count_all(db).await?;
            let status = request.send().await?.status();
            let written = audit_records::count_all(db).await? - records_before;
            let audited = AUDITED.contains(&(*method, *template));
            let expected_records = u64::from(audited && status.is_success());
            if written != expected_records {
                audit_problems.push(format!(
                    "{method} {template} as {}: {status}, {written} audit records written, expected {expected_records}",
                    CALLERS[caller]
                ));
            }
            let got = outcome(status);
            let _ = write!(actual, "{got}   ");
            if got != expected[caller] {
                row_differs = true;
                mismatches.push(format!(
                    "{:<7}{:<48}{:<42}expected {}  got {} ({status})",
                    method, template, CALLERS[caller], expected[caller], got,
                ));
            }
        }
        if row_differs {
            mismatches.push(format!(
                "    row as run: (\"{method}\", \"{template}\", \"{}\"),",
                actual.trim_end()
            ));
        }
    }
    let cells = n;
    let mut report = String::new();
    if !problems.is_empty() {
        let _ = writeln!(report, "The matrix and the OpenAPI document disagree:");
        for problem in &problems {
            let _ = writeln!(report, "  {problem}");
        }
    }
    if !mismatches.is_empty() {
        let _ = writeln!(
            report,
            "{} of {cells} cells differ from the matrix (A allowed, U 401, F 403, N 404, I 400/422, E 5xx):",
            mismatches.iter().filter(|m| !m.starts_with(' ')).count()
        );
        for mismatch in &mismatches {
            let _ = writeln!(report, "  {mismatch}");
        }
    }
    if !audit_problems.is_empty() {
        let _ = writeln!(
            report,
            "Audit records differ from one per successful privileged call:"
        );
        for problem in &audit_problems {
            let _ = writeln!(report, "  {problem}");
        }
    }
    for (method, path) in AUDITED {
        if !listed.contains(&((*method).to_owned(), (*path).to_owned())) {
            let _ = writeln!(report, "  {method} {path}: audited but not in the matrix");
        }
    }
    let _ = std::fs::remove_dir_all(&media_dir);
    assert!(report.is_empty(), "{report}");
    app.stop().await
}

on_both_databases!(every_operation_answers_every_caller_as_the_matrix_says);
