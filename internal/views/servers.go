package views

import (
	"fmt"
	"io"
)

// Server names a database server a command talks to: never its password.
type Server struct {
	Name     string `json:"name"`
	Host     string `json:"host"`
	Port     uint16 `json:"port"`
	Database string `json:"database"`
	User     string `json:"user"`
	Embedded bool   `json:"embedded"`
	Error    string `json:"error,omitempty"` // why it cannot be reached
}

// Servers prints one line per server, so every report says where it went.
func Servers(w io.Writer, list []Server) error {
	for _, s := range list {
		where := fmt.Sprintf("database %s on %s port %d as user %s", s.Database, s.Host, s.Port, s.User)
		if s.Embedded {
			where += " (the embedded server)"
		}
		if s.Error != "" {
			where += " — unreachable"
		}
		if _, err := fmt.Fprintf(w, "Server %s: %s\n", s.Name, where); err != nil {
			return err
		}
	}
	return nil
}

// RollbackJSON is rollback --json.
type RollbackJSON struct {
	FormatVersion string   `json:"format_version"`
	Connections   []Server `json:"connections"`
	Tenant        string   `json:"tenant"`
	Service       string   `json:"service"`
	FromVersion   uint     `json:"from_version"`
	ToVersion     uint     `json:"to_version"`
	TurnedOff     bool     `json:"turned_off"`
	AlsoTurnedOff []string `json:"also_turned_off"`
	Files         []string `json:"files"`
}

// RepairJSON is repair --json.
type RepairJSON struct {
	FormatVersion string   `json:"format_version"`
	Connections   []Server `json:"connections"`
	Tenant        string   `json:"tenant"`
	Service       string   `json:"service"`
	Repaired      bool     `json:"repaired"`
	DirtyVersion  uint     `json:"dirty_version"`
	Version       uint     `json:"version"`
}
