//! The fixed texts of the interface. Adding a variant without a Chinese and
//! an English text is a compile error.

use super::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    DocumentTitle,
    AppName,
    Language,
    Loading,
    NetworkError,
    UnexpectedResponse,
    LoginTitle,
    MobileLabel,
    PasswordLabel,
    LoginSubmit,
    LoggingIn,
    NoAccount,
    GoRegister,
    RegisteredNotice,
    RegisterTitle,
    NameLabel,
    PasswordHint,
    HomeRegion,
    RegionHint,
    ChooseOption,
    RegisterSubmit,
    Submitting,
    HaveAccount,
    GoLogin,
    Greeting,
    RolesLabel,
    HomeRegionLabel,
    Logout,
    CoursesTitle,
    ClassesTitle,
    NoCourses,
    NoClasses,
    DatesLabel,
    VenueLabel,
    RegionLabel,
    SeatsLabel,
    SeatsFull,
    EnrollmentLabel,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    WholeCountry,
}

impl Msg {
    pub fn text(self, locale: Locale) -> &'static str {
        match locale {
            Locale::ZhCn => self.zh(),
            Locale::En => self.en(),
        }
    }

    fn zh(self) -> &'static str {
        match self {
            Msg::DocumentTitle => "Cultivator · 乡村人才培训",
            Msg::AppName => "乡村人才培训",
            Msg::Language => "语言",
            Msg::Loading => "加载中…",
            Msg::NetworkError => "无法连接服务器，请检查网络后重试。",
            Msg::UnexpectedResponse => "服务器返回了意外的结果，请稍后再试。",
            Msg::LoginTitle => "登录",
            Msg::MobileLabel => "手机号",
            Msg::PasswordLabel => "密码",
            Msg::LoginSubmit => "登录",
            Msg::LoggingIn => "正在登录…",
            Msg::NoAccount => "还没有账号？",
            Msg::GoRegister => "注册新账号",
            Msg::RegisteredNotice => "注册成功，请登录。",
            Msg::RegisterTitle => "注册",
            Msg::NameLabel => "姓名",
            Msg::PasswordHint => "8–64 个字符，需同时包含字母和数字",
            Msg::HomeRegion => "家乡所在地",
            Msg::RegionHint => "请逐级选择，尽量选到村。",
            Msg::ChooseOption => "请选择",
            Msg::RegisterSubmit => "注册",
            Msg::Submitting => "正在提交…",
            Msg::HaveAccount => "已有账号？",
            Msg::GoLogin => "去登录",
            Msg::Greeting => "您好，",
            Msg::RolesLabel => "身份",
            Msg::HomeRegionLabel => "所在地",
            Msg::Logout => "退出登录",
            Msg::CoursesTitle => "在线课程",
            Msg::ClassesTitle => "正在招生的培训班",
            Msg::NoCourses => "暂无已发布的课程。",
            Msg::NoClasses => "暂无正在招生的培训班。",
            Msg::DatesLabel => "日期",
            Msg::VenueLabel => "地点",
            Msg::RegionLabel => "地区",
            Msg::SeatsLabel => "名额",
            Msg::SeatsFull => "已满",
            Msg::EnrollmentLabel => "报名方式",
            Msg::NotFoundTitle => "页面不存在",
            Msg::NotFoundBody => "您访问的页面不存在或已被移走。",
            Msg::BackHome => "返回首页",
            Msg::WholeCountry => "全国",
        }
    }

    fn en(self) -> &'static str {
        match self {
            Msg::DocumentTitle => "Cultivator · Rural Talent Training",
            Msg::AppName => "Rural Talent Training",
            Msg::Language => "Language",
            Msg::Loading => "Loading…",
            Msg::NetworkError => "Cannot reach the server. Check your connection and try again.",
            Msg::UnexpectedResponse => {
                "The server sent an unexpected reply. Please try again later."
            }
            Msg::LoginTitle => "Sign in",
            Msg::MobileLabel => "Mobile number",
            Msg::PasswordLabel => "Password",
            Msg::LoginSubmit => "Sign in",
            Msg::LoggingIn => "Signing in…",
            Msg::NoAccount => "No account yet?",
            Msg::GoRegister => "Register",
            Msg::RegisteredNotice => "You are registered. Please sign in.",
            Msg::RegisterTitle => "Register",
            Msg::NameLabel => "Full name",
            Msg::PasswordHint => "8–64 characters, with at least one letter and one digit",
            Msg::HomeRegion => "Home region",
            Msg::RegionHint => "Choose level by level, down to your village if you can.",
            Msg::ChooseOption => "Choose…",
            Msg::RegisterSubmit => "Register",
            Msg::Submitting => "Submitting…",
            Msg::HaveAccount => "Already registered?",
            Msg::GoLogin => "Sign in",
            Msg::Greeting => "Hello, ",
            Msg::RolesLabel => "Roles",
            Msg::HomeRegionLabel => "Home region",
            Msg::Logout => "Log out",
            Msg::CoursesTitle => "Online courses",
            Msg::ClassesTitle => "Classes open for application",
            Msg::NoCourses => "No courses have been published yet.",
            Msg::NoClasses => "No classes are open for application right now.",
            Msg::DatesLabel => "Dates",
            Msg::VenueLabel => "Venue",
            Msg::RegionLabel => "Region",
            Msg::SeatsLabel => "Seats",
            Msg::SeatsFull => "Full",
            Msg::EnrollmentLabel => "Enrolment",
            Msg::NotFoundTitle => "Page not found",
            Msg::NotFoundBody => "The page you asked for does not exist or has moved.",
            Msg::BackHome => "Back to the home page",
            Msg::WholeCountry => "the whole country",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Msg] = &[
        Msg::DocumentTitle,
        Msg::AppName,
        Msg::Language,
        Msg::Loading,
        Msg::NetworkError,
        Msg::UnexpectedResponse,
        Msg::LoginTitle,
        Msg::MobileLabel,
        Msg::PasswordLabel,
        Msg::LoginSubmit,
        Msg::LoggingIn,
        Msg::NoAccount,
        Msg::GoRegister,
        Msg::RegisteredNotice,
        Msg::RegisterTitle,
        Msg::NameLabel,
        Msg::PasswordHint,
        Msg::HomeRegion,
        Msg::RegionHint,
        Msg::ChooseOption,
        Msg::RegisterSubmit,
        Msg::Submitting,
        Msg::HaveAccount,
        Msg::GoLogin,
        Msg::Greeting,
        Msg::RolesLabel,
        Msg::HomeRegionLabel,
        Msg::Logout,
        Msg::CoursesTitle,
        Msg::ClassesTitle,
        Msg::NoCourses,
        Msg::NoClasses,
        Msg::DatesLabel,
        Msg::VenueLabel,
        Msg::RegionLabel,
        Msg::SeatsLabel,
        Msg::SeatsFull,
        Msg::EnrollmentLabel,
        Msg::NotFoundTitle,
        Msg::NotFoundBody,
        Msg::BackHome,
        Msg::WholeCountry,
    ];

    #[test]
    fn every_message_has_text_in_every_language() {
        for msg in ALL {
            for locale in Locale::ALL {
                assert!(!msg.text(locale).trim().is_empty(), "{msg:?} in {locale:?}");
            }
        }
    }
}
