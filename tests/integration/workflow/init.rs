//! `init`: it never touches an existing pack, fills an empty folder, and copies the templates out.

use super::*;

#[test]
fn init_refuses_to_touch_an_existing_pack_or_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    write(root, "existing/pack.toml", "# my settings\n");
    write(root, "busy/notes.txt", "my notes\n");
    write(root, "a-file", "not a folder\n");
    let before = snapshot(root);
    for (target, says) in [
        ("existing", "already holds a pack"),
        ("busy", "is not empty"),
        ("a-file", "is a file"),
    ] {
        let run = run_in(root, &["init", target]);
        assert_eq!(run.code, 2, "init {target}: {}", run.stdout);
        assert!(run.stderr.contains(says), "init {target}: {}", run.stderr);
        assert!(run.stderr.contains("nothing was changed") || target == "a-file");
        assert_readable("init", &run.stderr);
        assert_eq!(snapshot(root), before, "init {target} changed something");
    }
    // An empty folder is fine, and nothing is left behind beside it.
    fs::create_dir(root.join("empty")).unwrap();
    assert_eq!(run_in(root, &["init", "empty"]).code, 0);
    assert!(root.join("empty/pack.toml").is_file());
    assert_no_init_leftovers(root);
    // A second init of the same folder is refused.
    let again = run_in(root, &["init", "empty"]);
    assert_eq!(again.code, 2);
}

/// `init` leaves no hidden folder of its own in `dir`.
fn assert_no_init_leftovers(dir: &Path) {
    let names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".evidence-pack")),
        "{names:?}"
    );
}

#[test]
fn init_fills_the_current_folder_when_it_is_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let here = tmp.path().join("my-pack");
    fs::create_dir(&here).unwrap();
    #[cfg(unix)]
    let inode = {
        use std::os::unix::fs::MetadataExt;
        fs::metadata(&here).unwrap().ino()
    };
    // An init stopped part-way left its hidden folder here: it does not count as content.
    fs::create_dir_all(here.join(".evidence-pack-init-abc123/content")).unwrap();
    let run = run_in(&here, &["init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(here.join("pack.toml").is_file());
    assert!(
        run.stdout.contains("1. Put your organisation"),
        "no `cd .` step: {}",
        run.stdout
    );
    assert!(here.join("content/decisions").is_dir());
    // The same folder was filled, not replaced: a shell standing in it still sees the pack.
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(fs::metadata(&here).unwrap().ino(), inode);
    }
    assert_no_init_leftovers(&here);
    let check = run_in(&here, &["check", "."]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    assert_eq!(
        run_in(&here, &["init", "."]).code,
        2,
        "a second init is refused"
    );
}

#[test]
fn init_templates_copies_the_built_in_templates_out() {
    let tmp = tempfile::tempdir().unwrap();
    let run = run_in(tmp.path(), &["init", "--templates", "styled"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pack = tmp.path().join("styled");
    for (name, text) in evidence_pack::render::templates::BUILT_IN {
        let copy = fs::read_to_string(pack.join("templates").join(name))
            .unwrap_or_else(|e| panic!("templates/{name} not copied: {e}"));
        assert_eq!(
            &copy, text,
            "templates/{name} differs from the built-in one"
        );
    }
    // The copies are used as overrides and change nothing.
    assert_eq!(run_in(tmp.path(), &["init", "plain"]).code, 0);
    let plain = tmp.path().join("plain");
    // Both builds judge as on the day the pack was made (the day init wrote as last_reviewed).
    let example =
        fs::read_to_string(plain.join("content/examples/px-001-cooking-again.toml")).unwrap();
    let made = example
        .lines()
        .find_map(|l| l.strip_prefix("last_reviewed = "))
        .expect("init writes last_reviewed")
        .to_string();
    for p in [&pack, &plain] {
        let build = run_in(p, &["build", "--html", "--as-of", &made]);
        assert_eq!(build.code, 0, "{}{}", build.stdout, build.stderr);
    }
    assert_eq!(
        fs::read(pack.join("output/pack.html")).unwrap(),
        fs::read(plain.join("output/pack.html")).unwrap()
    );
}
