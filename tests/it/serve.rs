//! `candor serve`: a live preview that rebuilds what changed and tells every
//! open page, as an editor's browser would see it.
//!
//! Each test starts the real binary on a free port of 127.0.0.1, in a copy
//! of a fixture site, listens to its event stream like the live-reload
//! script does, changes files, and waits for the event before looking at
//! the pages: nothing here sleeps and hopes.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::support::{candor, SiteTest};

/// How long to wait for the server or an event: generous, for a slow
/// machine; a passing test never waits this long.
const PATIENCE: Duration = Duration::from_secs(90);

/// A running `candor serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
    lines: Mutex<Receiver<String>>,
}

struct Page {
    status: u16,
    body: String,
    headers: Vec<(String, String)>,
}

impl Page {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map_or("", |(_, v)| v.as_str())
    }
}

fn agent(timeout: Option<Duration>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .proxy(None)
        .timeout_global(timeout)
        .build()
        .into()
}

impl Server {
    fn start(site: &SiteTest, extra: &[&str]) -> Server {
        let mut child = candor()
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = Arc::new(Mutex::new(String::new()));
        let (ready, is_ready) = mpsc::channel();
        let (line_tx, lines) = mpsc::channel();
        let pipe = child.stderr.take().unwrap();
        let log = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                if let Some(at) = line.find("http://") {
                    let url = line[at..].split_whitespace().next().unwrap_or("");
                    let _ = ready.send(url.trim_end_matches('/').to_string());
                }
                {
                    let mut log = log.lock().unwrap();
                    log.push_str(&line);
                    log.push('\n');
                }
                let _ = line_tx.send(line);
            }
        });
        let url = match is_ready.recv_timeout(PATIENCE) {
            Ok(url) => url,
            Err(_) => {
                let _ = child.kill();
                panic!("candor serve did not start:\n{}", stderr.lock().unwrap());
            }
        };
        Server {
            child,
            url,
            stderr,
            lines: Mutex::new(lines),
        }
    }

    /// Waits until the terminal shows a line containing `text`.
    fn wait_for_line(&self, text: &str) {
        let lines = self.lines.lock().unwrap();
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return,
                Ok(_) => {}
                Err(_) => panic!("the terminal never showed {text:?}:\n{}", self.stderr()),
            }
        }
    }

    fn get(&self, path: &str) -> Page {
        let mut response = agent(Some(PATIENCE))
            .get(&format!("{}{path}", self.url))
            .call()
            .unwrap();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        Page {
            status: response.status().as_u16(),
            body: String::from_utf8_lossy(&response.body_mut().read_to_vec().unwrap()).into_owned(),
            headers,
        }
    }

    /// Listens to the event stream, as an open page does, and waits until
    /// it is connected.
    fn listen(&self) -> Events {
        let events = Events {
            rx: self.listen_raw(),
        };
        events.wait_for("hello");
        events
    }

    /// The event stream from its first event on.
    fn listen_raw(&self) -> Receiver<(String, String)> {
        let response = agent(None)
            .get(&format!("{}/__candor/events", self.url))
            .call()
            .unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let reader = BufReader::new(response.into_body().into_reader());
            let mut name = String::new();
            let mut data = String::new();
            for line in reader.lines() {
                let Ok(line) = line else { break };
                if let Some(value) = line.strip_prefix("event:") {
                    name = value.trim().to_string();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data.push_str(value.trim_start());
                } else if line.is_empty() && !name.is_empty() {
                    if tx.send((name.clone(), data.clone())).is_err() {
                        break;
                    }
                    name.clear();
                    data.clear();
                }
            }
        });
        rx
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }
}

impl Server {
    /// Asks serve to stop, as Ctrl-C or a service manager does, and waits
    /// for it to clean up; kills it if it has not stopped in time.
    fn stop(&mut self) {
        let asked = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        if asked {
            let deadline = Instant::now() + PATIENCE;
            while Instant::now() < deadline {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(10));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        // However a test ends, serve leaves no throwaway key behind.
        let log = self.stderr();
        let folder = log
            .lines()
            .find_map(|line| line.split("throwaway key in ").nth(1))
            .and_then(|rest| rest.split(" and deleted").next());
        if let Some(folder) = folder {
            if !std::thread::panicking() {
                assert!(
                    !std::path::Path::new(folder).exists(),
                    "serve left {folder} behind"
                );
            }
        }
    }
}

/// The events an open page receives.
struct Events {
    rx: Receiver<(String, String)>,
}

impl Events {
    /// Waits for the next event named `name` and returns its data; other
    /// events before it are skipped.
    fn wait_for(&self, name: &str) -> String {
        self.wait_until(|event, _| event == name).1
    }

    /// Waits for the reload that follows a save: of every open page, not
    /// the later one that names only the pages whose site-wide parts (the
    /// search page, say) caught up.
    fn wait_for_reload(&self) -> String {
        self.wait_until(|event, data| event == "reload" && data.contains("\"paths\":null"))
            .1
    }

    /// Waits for the next event that `wanted` accepts.
    fn wait_until(&self, wanted: impl Fn(&str, &str) -> bool) -> (String, String) {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.rx.recv_timeout(left) {
                Ok((event, data)) if wanted(&event, &data) => return (event, data),
                Ok(other) => seen.push(other),
                Err(_) => panic!("the awaited event did not come; saw {seen:?}"),
            }
        }
    }
}

/// Saves `text` to `rel` the way many editors do: into a hidden scratch
/// file beside it, then renamed over it, so the server never sees half a
/// file, however slow the machine.
fn save(site: &SiteTest, rel: &str, text: &str) {
    let path = site.root().join(rel);
    let folder = path.parent().unwrap();
    std::fs::create_dir_all(folder).unwrap();
    let scratch = folder.join(format!(
        ".{}.saving",
        path.file_name().unwrap().to_str().unwrap()
    ));
    std::fs::write(&scratch, text).unwrap();
    std::fs::rename(scratch, path).unwrap();
}

fn edit(site: &SiteTest, rel: &str, from: &str, to: &str) {
    let text = std::fs::read_to_string(site.root().join(rel)).unwrap();
    assert!(text.contains(from), "{rel} has no {from:?}");
    save(site, rel, &text.replacen(from, to, 1));
}

#[test]
fn an_edited_article_reloads_the_page_with_the_change() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let before = server.get("/articles/second/");
    assert_eq!(before.status, 200);
    assert!(before
        .body
        .contains("<script src=\"/__candor/reload.js\" data-build=\"1\" defer></script>"));

    let about = server.get("/about/").body;

    let events = server.listen();
    edit(
        &site,
        "content/articles/second.md",
        "Back to the",
        "A sentence the editor just wrote. Back to the",
    );
    events.wait_for_reload();
    let after = server.get("/articles/second/");
    assert!(after.body.contains("A sentence the editor just wrote."));
    // A newer build than the first (the search index may have caught up
    // since, making it newer still).
    assert!(build_of(&after.body) >= 2, "{}", after.body);
    // A page that does not show the article is as it was.
    assert_eq!(same_build(&server.get("/about/").body), same_build(&about));
}

/// The build number a served page carries.
fn build_of(body: &str) -> u64 {
    body.split("data-build=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no build number in:\n{body}"))
}

/// A served page with its build number left out, to compare what it says.
fn same_build(body: &str) -> String {
    body.replace(
        &format!("data-build=\"{}\"", build_of(body)),
        "data-build=\"\"",
    )
}

#[test]
fn a_new_article_appears_and_a_deleted_one_is_gone() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.listen();
    save(
        &site,
        "content/articles/fourth.md",
        "---\ntitle: \"A brand new article\"\ndate: 2026-09-01\n---\n\nFresh words.\n",
    );
    events.wait_for_reload();
    let page = server.get("/articles/fourth/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Fresh words."));
    assert!(server
        .get("/articles/")
        .body
        .contains("A brand new article"));

    site.remove("content/articles/fourth.md");
    events.wait_for_reload();
    assert_eq!(server.get("/articles/fourth/").status, 404);
    assert!(!server
        .get("/articles/")
        .body
        .contains("A brand new article"));
    assert!(!server
        .get("/sitemap.xml")
        .body
        .contains("/articles/fourth/"));
}

#[test]
fn a_template_edit_rerenders_every_page() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.listen();
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    save(
        &site,
        "templates/base.html",
        &base.replace("<footer", "<p>Edited in the template</p><footer"),
    );
    events.wait_for_reload();
    for page in ["/", "/about/", "/articles/first/", "/faq/basics/", "/tags/"] {
        assert!(
            server.get(page).body.contains("Edited in the template"),
            "{page} was not rendered again"
        );
    }
}

#[test]
fn broken_front_matter_shows_the_errors_until_it_is_fixed() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.listen();
    let good = std::fs::read_to_string(site.root().join("content/articles/second.md")).unwrap();
    let broken = good.replace("title: \"Second article\"", "title: [Second article]");
    save(&site, "content/articles/second.md", &broken);
    let data = events.wait_for("errors");
    assert!(
        data.contains("\"location\":\"content/articles/second.md:2:8\""),
        "{data}"
    );
    assert!(data.contains("front-matter/invalid"), "{data}");
    // The last good version is still served, and a page opened now gets the
    // errors as soon as it listens.
    let page = server.get("/articles/second/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Second article"));
    let late = Events {
        rx: server.listen_raw(),
    };
    assert!(!late.wait_for("hello").contains("\"errors\":0"));
    assert!(late
        .wait_for("errors")
        .contains("content/articles/second.md:2:8"));

    // Saving the same mistake again tells the pages again, but the
    // terminal shows it once.
    save(&site, "content/articles/second.md", &broken);
    events.wait_for("errors");

    // Putting the file back as it was clears the errors: nothing changed
    // since the last good build, so the pages only hide the overlay.
    save(&site, "content/articles/second.md", &good);
    events.wait_until(|event, data| event == "errors" && data.contains("\"errors\":[]"));
    server.wait_for_line("fixed: the site builds again");
    let printed = server.stderr();
    assert_eq!(
        printed.matches("content/articles/second.md:2:8").count(),
        1,
        "{printed}"
    );
    let late = Events {
        rx: server.listen_raw(),
    };
    assert!(late.wait_for("hello").contains("\"errors\":0"));
}

#[test]
fn a_site_that_never_built_shows_its_errors_then_the_site() {
    let site = SiteTest::from_fixture("basic");
    let good = std::fs::read_to_string(site.root().join("content/about.md")).unwrap();
    site.write("content/about.md", "---\ntitle: [About\n---\n");
    let server = Server::start(&site, &[]);
    let page = server.get("/about/");
    assert_eq!(page.status, 503);
    assert!(page.body.contains("content/about.md:2:8"), "{}", page.body);
    assert!(page.body.contains("/__candor/reload.js"));
    let events = server.listen();
    save(&site, "content/about.md", &good);
    events.wait_for_reload();
    assert_eq!(server.get("/about/").status, 200);
}

#[test]
fn pages_have_the_production_headers_and_may_listen_for_rebuilds() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let page = server.get("/");
    let csp = page.header("content-security-policy");
    assert!(
        csp.starts_with("default-src 'none'; script-src 'self';"),
        "{csp}"
    );
    assert!(csp.contains("; connect-src 'self'"), "{csp}");
    assert_eq!(csp.matches("connect-src").count(), 1, "{csp}");
    for (name, value) in candor::headers::SECURITY_HEADERS {
        if *name != "Content-Security-Policy" {
            assert_eq!(page.header(name), *value, "{name}");
        }
    }
    let script = server.get("/__candor/reload.js");
    assert!(script.header("content-type").starts_with("text/javascript"));
    assert!(script.body.contains("EventSource(\"/__candor/events\")"));
    assert_eq!(server.get("/articles/first").status, 308);
    assert_eq!(server.get("/no/such/page/").status, 404);
}

#[test]
fn a_stylesheet_change_swaps_it_without_a_reload() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    let events = server.listen();
    let css = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/style.css"),
    )
    .unwrap();
    save(
        &site,
        "static/style.css",
        &format!("{css}\n/* brand colours */\n"),
    );
    let (event, data) = events.wait_until(|event, _| event == "css" || event == "reload");
    assert_eq!(event, "css", "{data}");
    assert!(data.contains("\"/style.css\""), "{data}");
    assert!(server.get("/style.css").body.contains("brand colours"));
}

#[test]
fn drafts_are_shown_with_a_banner_only_when_asked_for() {
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/articles/secret/").status, 404);
    drop(server);
    let server = Server::start(&site, &["--drafts"]);
    let page = server.get("/articles/secret/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("class=\"candor-draft\""));
    assert!(!server.get("/articles/first/").body.contains("candor-draft"));
}

#[test]
fn a_taken_port_is_said_and_the_next_one_used() {
    let site = SiteTest::from_fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let mut child = candor()
        .arg("serve")
        .arg("--root")
        .arg(site.root())
        .args(["--port", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.contains(&format!("port {port} is in use, so candor serves on port")),
        "{first}"
    );
}

#[test]
fn serve_without_a_site_says_so_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let output = candor()
        .arg("serve")
        .arg("--root")
        .arg(dir.path())
        .args(["--port", "0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let mut stderr = String::new();
    output
        .stderr
        .as_slice()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("there is no candor.yaml"), "{stderr}");
}

#[test]
fn the_build_output_has_no_live_reload() {
    let site = SiteTest::from_fixture("basic");
    site.build(&["--drafts"]).assert_success();
    for (path, bytes) in site.output_snapshot() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("__candor") && !text.contains("EventSource"),
            "{} has live-reload code",
            path.display()
        );
    }
}

/// The intake form can be tried in the preview: answers go through the
/// receiver's checks and are sealed to a throwaway key, and the pages say so.
#[test]
fn the_intake_form_works_in_the_preview_and_says_it_is_a_preview() {
    let site = SiteTest::from_fixture("directory");
    // Published under a path; the preview serves at its own root.
    let config = std::fs::read_to_string(site.root().join("candor.yaml")).unwrap();
    site.write(
        "candor.yaml",
        &config.replace("https://example.org\"", "https://example.org/help/\""),
    );
    let server = Server::start(&site, &[]);
    server.wait_for_line("throwaway key");
    let form = server.get("/find-a-therapist/");
    assert_eq!(form.status, 200);
    assert!(
        form.body.contains("candor-dev-intake"),
        "no preview note:\n{}",
        form.body
    );
    assert!(form.body.contains("/__candor/reload.js"));

    let post = |body: &str| {
        let mut response = agent(Some(PATIENCE))
            .post(&format!("{}/api/intake", server.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("sec-fetch-site", "same-origin")
            .send(body)
            .unwrap();
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.body_mut().read_to_string().unwrap_or_default();
        (status, location, body)
    };
    // Missing answers: the form again, with the problems and the note.
    let (status, _, body) = post("state=WA&name=Sam");
    assert_eq!(status, 422);
    assert!(body.contains("There is a problem"), "{body}");
    assert!(body.contains("candor-dev-intake"));
    // A complete form: stored, then the matches.
    let (status, location, _) = post(
        "state=WA&concerns=consent&name=Sam&contact_method=email&email=sam%40example.org&consent=yes",
    );
    assert_eq!(status, 303);
    let location = location.unwrap();
    assert!(
        location.starts_with("/find-a-therapist/thanks/?m="),
        "{location}"
    );
    let thanks = server.get(&location);
    assert_eq!(thanks.status, 200);
    assert!(thanks.body.contains("Dee Park"), "{}", thanks.body);
    assert!(thanks.body.contains("candor-dev-intake"));

    // Asked to stop, serve deletes the throwaway key and the answers.
    let log = server.stderr();
    let folder = log
        .lines()
        .find_map(|line| line.split(" key in ").nth(1))
        .and_then(|rest| rest.split(" and deleted").next())
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| panic!("no intake folder named:\n{log}"));
    assert!(folder.join("development-key.txt").is_file());
    // The throwaway key is the editor's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode =
            |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        assert_eq!(mode(&folder.join("development-key.txt")), 0o600);
    }
    let mut server = server;
    let stopped = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", server.child.id())])
        .status()
        .unwrap();
    assert!(stopped.success());
    let deadline = Instant::now() + PATIENCE;
    while server.child.try_wait().unwrap().is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        server.child.try_wait().unwrap().is_some(),
        "serve did not stop"
    );
    assert!(!folder.exists(), "{} is left behind", folder.display());
}

#[test]
fn a_request_by_another_name_is_refused_so_no_page_can_rebind_to_the_preview() {
    use std::io::{Read, Write};
    let site = SiteTest::from_fixture("basic");
    let server = Server::start(&site, &["--drafts"]);
    let address = server.url.trim_start_matches("http://").to_string();
    let port = address.rsplit_once(':').unwrap().1.to_string();
    let status = |host: &str| {
        let mut stream = std::net::TcpStream::connect(&address).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).unwrap();
        reply
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .unwrap()
    };
    // A name a web page could point at 127.0.0.1.
    assert_eq!(status(&format!("attacker.example:{port}")), 421);
    assert_eq!(status("attacker.example"), 421);
    // The address it printed, and the names for this machine.
    assert_eq!(status(&address), 200);
    assert_eq!(status(&format!("localhost:{port}")), 200);
    assert_eq!(status(&format!("[::1]:{port}")), 200);
}

#[test]
fn a_replaced_photo_is_served_in_its_new_sizes() {
    let site = SiteTest::from_fixture("images");
    let server = Server::start(&site, &[]);
    let page = server.get("/articles/quiet-room/");
    assert!(
        page.body.contains("width=\"1280\" height=\"800\""),
        "{}",
        page.body
    );
    assert_eq!(
        server
            .get("/articles/quiet-room/quiet-room.1280.webp")
            .status,
        200
    );

    let events = server.listen();
    // A narrower photo, 800 by 500, moved over the old one whole.
    let scratch = site.root().join("new-photo.jpg");
    image::RgbImage::from_pixel(800, 500, image::Rgb([120, 160, 150]))
        .save(&scratch)
        .unwrap();
    std::fs::rename(
        &scratch,
        site.root()
            .join("content/articles/quiet-room/quiet-room.jpg"),
    )
    .unwrap();
    events.wait_for_reload();
    let page = server.get("/articles/quiet-room/");
    assert!(
        page.body.contains("width=\"800\" height=\"500\""),
        "{}",
        page.body
    );
    assert_eq!(
        server
            .get("/articles/quiet-room/quiet-room.800.webp")
            .status,
        200
    );
    assert_eq!(
        server
            .get("/articles/quiet-room/quiet-room.1280.webp")
            .status,
        404
    );
}

#[test]
fn an_edited_definition_or_reference_reaches_the_pages_that_show_it() {
    let site = SiteTest::from_fixture("blocks");
    let server = Server::start(&site, &[]);
    let before = server.get("/articles/desire/").body;
    assert!(
        before.contains("Muscles around the vagina tighten"),
        "{before}"
    );
    assert!(before.contains("Basson, R. (2000)"), "{before}");

    // The glossary's definition shows in the article that links the term.
    let events = server.listen();
    edit(
        &site,
        "content/glossary.md",
        "Muscles around the vagina tighten",
        "The muscles around the vagina tighten",
    );
    events.wait_for_reload();
    let after = server.get("/articles/desire/").body;
    assert!(
        after.contains("The muscles around the vagina tighten"),
        "{after}"
    );

    // The bibliography is read again, and the list of sources with it.
    let events = server.listen();
    edit(
        &site,
        "content/references.bib",
        "The female sexual response: A different model",
        "The female sexual response: A different model (edited)",
    );
    events.wait_for_reload();
    let after = server.get("/articles/desire/").body;
    assert!(after.contains("A different model (edited)"), "{after}");
}
