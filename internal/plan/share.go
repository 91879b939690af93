package plan

import (
	"fmt"
	"slices"
	"strings"
)

// sharing lets the tenants of a whole plan share equal slices: the files
// to run, the setting changes, the checks and the extensions are the same
// for most governorates of a fleet, and each tenant holding its own copy
// made a plan of 10,000 governorates several times larger than its
// tenants. Shared slices are clipped (their capacity is their length), so
// an append anywhere copies instead of writing into another tenant's. A
// plan is not changed after it is computed; apply plans each tenant again
// (Again), unshared.
type sharing struct {
	migrations map[string][]Migration
	changes    map[string][]SettingChange
	names      map[string][]string
}

func newSharing() *sharing {
	return &sharing{migrations: map[string][]Migration{}, changes: map[string][]SettingChange{}, names: map[string][]string{}}
}

func (sh *sharing) tenant(t *Tenant) {
	t.Services = slices.Clip(t.Services)
	t.Extensions = share(sh.names, t.Extensions, func(e string) string { return e })
	for i := range t.Services {
		s := &t.Services[i]
		s.Migrations = share(sh.migrations, s.Migrations, migrationKey)
		s.OutOfOrder = share(sh.migrations, s.OutOfOrder, migrationKey)
		s.SettingChanges = share(sh.changes, s.SettingChanges, func(c SettingChange) string {
			return fmt.Sprintf("%q %q %q %t", c.Name, c.Before, c.After, c.Sensitive)
		})
		s.Checks = share(sh.names, s.Checks, func(c string) string { return c })
	}
}

func migrationKey(m Migration) string {
	return fmt.Sprintf("%d %q %q %q", m.Version, m.Name, m.File, m.Checksum)
}

// share returns the slice already kept with the same elements, or keeps
// this one. Empty slices stay as they are (nil and empty differ in JSON).
func share[T any](kept map[string][]T, s []T, key func(T) string) []T {
	if len(s) == 0 {
		return s
	}
	var b strings.Builder
	for _, e := range s {
		b.WriteString(key(e))
		b.WriteByte(0)
	}
	k := b.String()
	if got, ok := kept[k]; ok {
		return got
	}
	s = slices.Clip(s)
	kept[k] = s
	return s
}
