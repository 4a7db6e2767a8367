//! What the paths given hold: files by kind, found recursively in folders.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// What kind of file a path is.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Text,
    Html,
    Jsonl,
}

/// The kind of a file by its extension (`.txt`, `.md`, `.html`, `.htm`, `.jsonl`), `None` for other files.
pub fn kind_of(path: &Path) -> Option<FileKind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "md" => Some(FileKind::Text),
        "html" | "htm" => Some(FileKind::Html),
        "jsonl" => Some(FileKind::Jsonl),
        _ => None,
    }
}

/// What the folders given hold.
#[derive(Default)]
pub struct Found {
    /// Files to read, in name order.
    pub files: Vec<(String, FileKind)>,
    /// Files of other types.
    pub other_types: Vec<PathBuf>,
    /// Links not followed, to a folder read already (up the tree, or a second way to one folder): the link
    /// and the folder.
    pub links: Vec<(PathBuf, PathBuf)>,
    /// Folders and files that could not be listed or followed, and why.
    pub unreadable: Vec<(String, String)>,
}

/// Adds the files of `dir`, recursively, to `found`. Links are followed, but each real folder is read once
/// (`folders`: those read so far): a link back up the tree would repeat the walk forever. An unreadable
/// subfolder is noted and the walk goes on.
fn walk(dir: &Path, found: &mut Found, folders: &mut HashSet<PathBuf>) {
    // Second ways to a folder (the walk reports links up the tree itself, as errors).
    let mut again = Vec::new();
    let entries = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        if !e.file_type().is_dir() {
            return true;
        }
        match std::fs::canonicalize(e.path()) {
            Ok(real) if folders.contains(&real) => {
                again.push((e.path().to_path_buf(), real));
                false
            }
            Ok(real) => folders.insert(real),
            Err(_) => true,
        }
    });
    for entry in entries {
        match entry {
            Ok(e) if e.file_type().is_dir() => {}
            Ok(e) => match kind_of(e.path()) {
                Some(kind) => found.files.push((e.path().display().to_string(), kind)),
                None => found.other_types.push(e.into_path()),
            },
            Err(err) => match (err.path(), err.loop_ancestor()) {
                (Some(link), Some(folder)) => found.links.push((link.to_path_buf(), folder.to_path_buf())),
                (path, _) => {
                    let reason = err.io_error().map_or_else(|| err.to_string(), ToString::to_string);
                    found.unreadable.push((path.unwrap_or(dir).display().to_string(), reason));
                }
            },
        }
    }
    found.links.extend(again);
}

/// The files of `paths`: a folder's recursively (see [`Found`]), a file (or `-`, standard input) as given, read
/// as text unless its extension says otherwise.
pub fn find(paths: &[String]) -> Found {
    let mut found = Found::default();
    let mut folders = HashSet::new();
    for path in paths {
        let p = Path::new(path);
        if path != "-" && p.is_dir() {
            walk(p, &mut found, &mut folders);
        } else {
            found.files.push((path.clone(), kind_of(p).unwrap_or(FileKind::Text)));
        }
    }
    found
}
