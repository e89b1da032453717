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
        LogoTitle => ("平台标志", "Logo"),
        LogoHint => (
            "PNG、JPEG 或不含脚本的 SVG，不超过 256 KB。显示在首页和浏览器标签上。",
            "PNG, JPEG or SVG without scripts, up to 256 KB. Shown on the home page and the browser tab."
        ),
        LogoFile => ("选择标志图片", "Choose a logo image"),
        LogoUpload => ("上传标志", "Upload logo"),
        LogoRemove => ("删除标志", "Remove logo"),
        LogoNone => ("尚未上传标志，显示平台简称的首字。", "No logo yet: the first character of the short name is shown."),
        LogoSaved => ("标志已更新。", "Logo updated."),
        ItemsTitle => ("推荐与专属课程、培训班", "Featured and own courses and classes"),
        ItemsHint => (
            "勾选“首页推荐”的内容会显示在本平台首页（最多 12 项）。“本平台专属”的内容只在本平台列出，其他平台看不到；只能设置本平台所在地区的课程和培训班。",
            "Items marked \"featured\" appear on this platform's home page (at most 12). Items marked \"own\" are listed only on this platform; only courses and classes in its region can be its own."
        ),
        Kind => ("类型", "Kind"),
        ItemTitle => ("名称", "Title"),
        Featured => ("首页推荐", "Featured"),
        Own => ("本平台专属", "Own"),
        KindCourse => ("课程", "Course"),
        KindClass => ("培训班", "Class"),
        SaveFeatured => ("保存首页推荐", "Save featured items"),
        FeaturedSaved => ("首页推荐已保存。", "Featured items saved."),
        NothingListed => ("本平台暂无已发布的课程或开放中的培训班。", "No published courses or open classes on this platform yet."),
        ByPlatformTitle => ("各平台注册与结业", "Registrations and completions by platform"),
        ByPlatformHint => (
            "按学员注册时所用的平台统计；“工作人员创建”为管理员或名单导入创建的账号。",
            "Counted by the platform each person registered through; \"made by staff\" are accounts created by administrators or roster imports."
        ),
        Platform => ("平台", "Platform"),
        Registrations => ("注册人数", "Registered"),
        OnlineTrained => ("线上结业", "Trained online"),
        OfflineTrained => ("线下结业", "Trained offline"),
        PlatformFilter => ("注册平台", "Registered through"),
        AllPlatforms => ("全部平台", "All platforms"),
        FilteredHint => (
            "只统计通过所选平台注册的学员；目标仍是整个地区的目标。",
            "Counting only people who registered through the chosen platform; targets are still the whole region's."
        ),
    }
);
