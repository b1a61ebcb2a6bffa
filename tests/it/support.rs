//! `SiteTest`: a fixture site copied into a temporary folder, built with the
//! `candor` binary, and read back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{Html, Selector};

pub(crate) fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub(crate) fn candor() -> Command {
    Command::new(env!("CARGO_BIN_EXE_candor"))
}

pub(crate) struct SiteTest {
    dir: tempfile::TempDir,
}

/// The result of running candor: exit code and what it printed.
pub(crate) struct Run {
    pub(crate) code: Option<i32>,
    pub(crate) stderr: String,
}

/// Fails the test, with what candor printed, unless the run succeeded.
#[track_caller]
pub(crate) fn assert_succeeded(out: &Output) {
    assert!(
        out.status.success(),
        "candor failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

impl Run {
    pub(crate) fn assert_success(&self) -> &Self {
        assert_eq!(self.code, Some(0), "candor failed:\n{}", self.stderr);
        self
    }

    pub(crate) fn assert_failure(&self) -> &Self {
        assert_eq!(self.code, Some(1), "expected exit code 1:\n{}", self.stderr);
        assert!(
            !self.stderr.contains("panicked"),
            "candor panicked:\n{}",
            self.stderr
        );
        self
    }

    pub(crate) fn assert_stderr_has(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "expected {text:?} in:\n{}",
            self.stderr
        );
        self
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>`.
    pub(crate) fn from_fixture(name: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixture(name), dir.path());
        SiteTest { dir }
    }

    /// A site made by `candor new site`, as a new practice starts.
    pub(crate) fn new_site() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let out = candor()
            .args(["new", "site"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_succeeded(&out);
        SiteTest { dir }
    }

    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    pub(crate) fn write(&self, rel: &str, text: &str) -> &Self {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
        self
    }

    /// Dates every file of the site an hour back, as a site whose files
    /// were last saved a while ago.
    pub(crate) fn settle(&self) -> &Self {
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        // The site's own files: not the output, nor a previous output
        // being deleted beside it.
        let walk = walkdir::WalkDir::new(self.root())
            .into_iter()
            .filter_entry(|e| {
                e.depth() != 1 || !e.file_name().to_string_lossy().contains("public")
            });
        for entry in walk {
            let entry = entry.unwrap();
            if entry.file_type().is_file() {
                std::fs::File::options()
                    .write(true)
                    .open(entry.path())
                    .unwrap()
                    .set_modified(hour_ago)
                    .unwrap();
            }
        }
        self
    }

    pub(crate) fn remove(&self, rel: &str) -> &Self {
        std::fs::remove_file(self.root().join(rel)).unwrap();
        self
    }

    pub(crate) fn build(&self, extra: &[&str]) -> Run {
        candor()
            .arg("build")
            .arg("--root")
            .arg(self.root())
            .args(extra)
            .output()
            .unwrap()
            .into()
    }

    pub(crate) fn public(&self, rel: &str) -> PathBuf {
        self.root().join("public").join(rel)
    }

    /// The name `name` (such as `style.css`) is published under at the
    /// root of the output: `style.` and eight hex digits of its hash,
    /// then `.css`. Fails unless exactly one such file exists.
    pub(crate) fn published(&self, name: &str) -> String {
        let (stem, extension) = name.rsplit_once('.').unwrap();
        let found: Vec<String> = std::fs::read_dir(self.root().join("public"))
            .unwrap()
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter(|f| {
                f.strip_prefix(&format!("{stem}."))
                    .and_then(|rest| rest.strip_suffix(&format!(".{extension}")))
                    .is_some_and(|hash| {
                        hash.len() == 8 && hash.chars().all(|c| c.is_ascii_hexdigit())
                    })
            })
            .collect();
        assert_eq!(found.len(), 1, "{name} is published as {found:?}");
        found.into_iter().next().unwrap()
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        let path = self.public(rel);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.read(rel))
    }

    /// Every file of the output, with its bytes.
    pub(crate) fn output_snapshot(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        self.output_files(|path| std::fs::read(path).unwrap())
    }

    /// Every file of the output, by its path in it, with what `of` says
    /// of the file.
    pub(crate) fn output_files<T>(&self, of: impl Fn(&Path) -> T) -> BTreeMap<PathBuf, T> {
        let public = self.root().join("public");
        walkdir::WalkDir::new(&public)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                (
                    e.path().strip_prefix(&public).unwrap().to_path_buf(),
                    of(e.path()),
                )
            })
            .collect()
    }
}

/// The text of every element matching `selector`.
pub(crate) fn texts(html: &Html, selector: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// The value of `attr` on every element matching `selector`.
pub(crate) fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector)
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}
