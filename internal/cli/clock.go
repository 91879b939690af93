package cli

import (
	"fmt"
	"os"
	"time"
)

// clockVar moves rollout's clock, for tests of soak times only: a story
// over days runs in seconds instead of sleeping. It is read here and
// nowhere else, and is not a documented setting.
const clockVar = "ROLLOUT_NOW"

// now is rollout's time source: the policy's soak times are measured on it.
func (a *app) now() (time.Time, error) {
	v := os.Getenv(clockVar)
	if v == "" {
		return time.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s is %q; give a time such as 2026-12-01T10:00:00Z, or unset it", clockVar, v)
	}
	return t, nil
}

// clock is now as a function for the executor; the value was checked
// when the plan was made.
func (a *app) clock() time.Time {
	t, _ := a.now()
	return t
}
