//! Words of `/coord/platform`: a platform's look and welcome text (staff
//! bundle only).

use super::online::text_enum;

text_enum!(
    /// Fixed texts of the platform branding page.
    BrandingMsg {
        Title => ("平台外观", "Platform branding"),
        Intro => (
            "修改本平台的名称、颜色、首页欢迎语和证书签发单位。保存后，所有用户下次打开页面即可看到。",
            "Change this platform's names, colours, home page welcome and certificate issuer. Everyone sees the change at their next page load."
        ),
        NameZh => ("平台全称（中文）", "Full name (Chinese)"),
        NameEn => ("平台全称（英文）", "Full name (English)"),
        ShortZh => ("简称（中文）", "Short name (Chinese)"),
        ShortEn => ("简称（英文）", "Short name (English)"),
        Primary => ("主色", "Primary colour"),
        Accent => ("强调色", "Accent colour"),
        Welcome => ("首页欢迎语（支持 Markdown）", "Home page welcome (Markdown)"),
        Issuer => ("证书签发单位", "Certificate issuer"),
        Save => ("保存平台外观", "Save branding"),
        Saved => ("已保存。刷新页面即可看到新的外观。", "Saved. Reload the page to see the new look."),
        Refused => (
            "只有该平台所在地区的协调员和系统管理员可以修改平台外观。",
            "Only coordinators over the platform's whole region and administrators can change its branding."
        ),
        NoPlatform => ("无法读取本平台的信息。", "This platform's details could not be read."),
        Open => ("平台外观", "Platform branding"),
    }
);
