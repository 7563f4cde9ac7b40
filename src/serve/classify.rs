//! From the paths a save touched to the earliest stage of the pipeline that must run again.
//! Pure, so every editor's way of saving can be tested without a file system.

use std::collections::BTreeSet;

use camino::Utf8Path;

/// The earliest stage to redo; later stages always redo. Ordered from least to most work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// Nothing the site is built from changed (editor temp files, other folders).
    Nothing,
    /// Only files copied as they are (`static/`, images beside the Markdown).
    Static,
    /// Content files: re-read those, re-render the routes that show them.
    Content,
    /// The theme: reload templates, render every route.
    Theme,
    /// `site.yaml` or a whole top folder: read everything again.
    Config,
}

/// What a batch of changed paths asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The earliest stage to redo.
    pub stage: Stage,
    /// Changed paths under `content/`, relative to it (`cases/a.md`).
    pub content: BTreeSet<String>,
    /// Whether files copied as they are must be copied again.
    pub assets: bool,
}

/// Classifies `changed` (paths relative to the site root) for a site whose theme is `theme`
/// (`None` when the site could not be read: then every theme counts).
pub fn classify(changed: &[&Utf8Path], theme: Option<&str>) -> Change {
    let mut change = Change {
        stage: Stage::Nothing,
        content: BTreeSet::new(),
        assets: false,
    };
    for path in changed {
        let parts: Vec<&str> = path
            .as_str()
            .split(['/', '\\'])
            .filter(|s| !s.is_empty() && *s != ".")
            .collect();
        if parts.is_empty() || parts.iter().any(|p| crate::content::is_ignored(p)) {
            continue;
        }
        let stage = match parts.as_slice() {
            ["site.yaml"] | ["content"] => Stage::Config,
            ["content", rest @ ..] => {
                let rel = rest.join("/");
                if !rel.to_ascii_lowercase().ends_with(".md") {
                    change.assets = true;
                }
                change.content.insert(rel);
                Stage::Content
            }
            ["static", ..] => {
                change.assets = true;
                Stage::Static
            }
            ["themes"] => Stage::Theme,
            ["themes", name, ..] if theme.is_none_or(|t| t == *name) => Stage::Theme,
            _ => Stage::Nothing,
        };
        change.stage = change.stage.max(stage);
    }
    change
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> Change {
        let paths: Vec<&Utf8Path> = paths.iter().map(|p| Utf8Path::new(*p)).collect();
        classify(&paths, Some("default"))
    }

    #[test]
    fn one_page_edit_is_a_content_change_of_that_page() {
        let c = run(&["content/cases/a.md"]);
        assert_eq!(c.stage, Stage::Content);
        assert_eq!(c.content.iter().collect::<Vec<_>>(), ["cases/a.md"]);
        assert!(!c.assets);
    }

    #[test]
    fn atomic_saves_ignore_the_temp_file_and_keep_the_target() {
        // vim: 4913 probe, backup `a.md~`, swap `.a.md.swp`; VS Code / gedit: `.a.md.tmp`-like
        // hidden files renamed over the target; WPS: `~$` lock files.
        let c = run(&[
            "content/cases/4913",
            "content/cases/a.md~",
            "content/cases/.a.md.swp",
            "content/cases/.goutputstream-XYZ",
            "content/cases/~$a.md",
            "content/cases/a.md",
        ]);
        assert_eq!(c.stage, Stage::Content);
        assert_eq!(c.content.iter().collect::<Vec<_>>(), ["cases/a.md"]);
        assert!(!c.assets);
        assert_eq!(run(&["content/cases/a.md.kate-swp"]).stage, Stage::Nothing);
        assert_eq!(run(&["content/cases/#a.md#"]).stage, Stage::Nothing);
    }

    #[test]
    fn config_and_templates_redo_more() {
        assert_eq!(run(&["site.yaml"]).stage, Stage::Config);
        assert_eq!(run(&["content"]).stage, Stage::Config);
        assert_eq!(
            run(&["themes/default/templates/page.html"]).stage,
            Stage::Theme
        );
        assert_eq!(
            run(&["themes/other/templates/page.html"]).stage,
            Stage::Nothing
        );
        // While the site cannot be read, its theme is unknown: any theme's change counts.
        let other = [Utf8Path::new("themes/other/templates/page.html")];
        assert_eq!(classify(&other, None).stage, Stage::Theme);
        // The earliest stage of a batch wins.
        assert_eq!(
            run(&["content/cases/a.md", "site.yaml", "static/x.png"]).stage,
            Stage::Config
        );
    }

    #[test]
    fn assets_and_folders_ask_for_a_copy() {
        let c = run(&["static/logo.png"]);
        assert_eq!((c.stage, c.assets), (Stage::Static, true));
        let c = run(&["content/cases/b/photo.jpg"]);
        assert_eq!((c.stage, c.assets), (Stage::Content, true));
        // A renamed folder arrives as the folder's own path.
        let c = run(&["content/cases", "content/cases-2"]);
        assert_eq!(c.stage, Stage::Content);
        assert_eq!(c.content.len(), 2);
    }

    #[test]
    fn other_files_and_hidden_folders_change_nothing() {
        assert_eq!(
            run(&["public/index.html", "README.md", ".git/index", ""]).stage,
            Stage::Nothing
        );
        assert_eq!(run(&["content/.git/HEAD"]).stage, Stage::Nothing);
    }
}
