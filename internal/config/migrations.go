package config

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"

	"github.com/hashicorp/hcl/v2"

	"github.com/jo-water/rollout/internal/hclfile"
	"github.com/jo-water/rollout/internal/sqlfile"
)

// migrationFileRe is golang-migrate's file name format.
var migrationFileRe = regexp.MustCompile(`^([0-9]+)_(.*)\.(up|down)\.sql$`)

// sequentialLimit: versions below it are taken as sequence numbers
// (000001, 000002 …) and must have no gaps; larger ones are timestamps.
const sequentialLimit = 1_000_000

// loadMigrations reads a module's migrations/ folder. SQL files are added
// to files so diagnostics can show their first line.
func loadMigrations(dir string, files map[string]*hcl.File, irreversible bool) ([]*Migration, hcl.Diagnostics) {
	var diags hcl.Diagnostics
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, diags.Append(fileDiag(dir, "Unreadable migrations folder",
			fmt.Sprintf("The folder cannot be read (%v); create it, even empty, or fix its permissions.", err)))
	}
	byVersion := map[uint]*Migration{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		diags = append(diags, addMigrationFile(dir, e.Name(), byVersion, files)...)
	}
	out := make([]*Migration, 0, len(byVersion))
	for _, m := range byVersion {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	for _, m := range out {
		diags = append(diags, checkPair(m, irreversible)...)
	}
	return out, append(diags, checkGaps(out)...)
}

func addMigrationFile(dir, name string, byVersion map[uint]*Migration, files map[string]*hcl.File) hcl.Diagnostics {
	path := filepath.Join(dir, name)
	match := migrationFileRe.FindStringSubmatch(name)
	if match == nil {
		if filepath.Ext(name) == ".sql" {
			return hcl.Diagnostics{fileDiag(path, "Misnamed migration file",
				"Migration files are named NNNNNN_name.up.sql and NNNNNN_name.down.sql; rename this one.")}
		}
		return nil
	}
	v, err := strconv.ParseUint(match[1], 10, 64)
	if err != nil || v == 0 {
		return hcl.Diagnostics{fileDiag(path, "Invalid migration version",
			"A migration version is a whole number from 1 up; renumber this file.")}
	}
	body, d := hclfile.Read(path)
	if d != nil {
		if d.Summary == "Unreadable file" {
			d.Summary = "Unreadable migration file"
		}
		return hcl.Diagnostics{d}
	}
	files[path] = &hcl.File{Bytes: body}
	parsed, diags := parseSQL(path, body)
	if parsed == nil { // still known, so its pair is not reported missing
		parsed = &sqlfile.File{Body: body}
	}
	m := byVersion[uint(v)]
	if m == nil {
		m = &Migration{Version: uint(v), Name: match[2]}
		byVersion[uint(v)] = m
	}
	if match[3] == "up" {
		if m.UpPath != "" {
			return append(diags, duplicateDiag(path, m.UpPath)...)
		}
		m.UpPath, m.Up, m.UpSum, m.UpSQL = path, body, parsed.Sum, parsed
		m.NoTransaction = parsed.NoTransaction
	} else {
		if m.DownPath != "" {
			return append(diags, duplicateDiag(path, m.DownPath)...)
		}
		m.DownPath, m.Down, m.DownSum, m.DownSQL = path, body, parsed.Sum, parsed
	}
	if m.Name != match[2] && m.UpPath != "" && m.DownPath != "" {
		return append(diags, fileDiag(path, "Migration names differ",
			fmt.Sprintf("Version %d is %q in one file and %q in the other; give both files the same name.", v, m.Name, match[2])))
	}
	return diags
}

func duplicateDiag(path, other string) hcl.Diagnostics {
	return hcl.Diagnostics{fileDiag(path, "Duplicate migration version",
		fmt.Sprintf("%s has the same version and direction; give one of them the next free version.", filepath.Base(other)))}
}

func checkPair(m *Migration, irreversible bool) hcl.Diagnostics {
	switch {
	case m.DownPath == "" && m.UpPath != "" && irreversible:
		return nil
	case m.UpPath == "":
		return hcl.Diagnostics{fileDiag(m.DownPath, "Down migration without its up",
			fmt.Sprintf("Add %06d_%s.up.sql beside it, or remove this file.", m.Version, m.Name))}
	case m.DownPath == "":
		return hcl.Diagnostics{fileDiag(m.UpPath, "Up migration without its down",
			fmt.Sprintf("Add %06d_%s.down.sql that undoes it, so rollback works; or, for a set that never rolls back, "+
				"set irreversible = true in module.hcl (rollback below this version is then refused).", m.Version, m.Name))}
	}
	return nil
}

func checkGaps(ms []*Migration) hcl.Diagnostics {
	var diags hcl.Diagnostics
	prev := uint(0)
	for _, m := range ms {
		if m.Version >= sequentialLimit {
			break
		}
		if m.Version != prev+1 {
			path := m.UpPath
			if path == "" {
				path = m.DownPath
			}
			diags = append(diags, fileDiag(path, "Gap in migration versions",
				fmt.Sprintf("Version %d follows %d; number migrations one after another (rename this to %06d).", m.Version, prev, prev+1)))
		}
		prev = m.Version
	}
	return diags
}

// fileDiag is an error about a whole file, pointing at its first line.
func fileDiag(path, summary, detail string) *hcl.Diagnostic {
	return hclfile.FileDiag(path, summary, detail)
}

// folderDiag is a problem with a whole folder: it has no line to show.
func folderDiag(summary, detail string) *hcl.Diagnostic {
	return &hcl.Diagnostic{Severity: hcl.DiagError, Summary: summary, Detail: detail}
}
