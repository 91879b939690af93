package cli

import "time"

// Clock is a time source for rollout: the policy's soak times are measured
// on it. It may fail (a test's clock that does not parse).
type Clock func() (time.Time, error)

// now is rollout's time: the system clock, or the one MainAt was given.
func (a *app) now() (time.Time, error) {
	if a.timeSource == nil {
		return time.Now(), nil
	}
	return a.timeSource()
}

// clock is now as a function for the executor; the value was checked
// when the plan was made.
func (a *app) clock() time.Time {
	t, _ := a.now()
	return t
}
