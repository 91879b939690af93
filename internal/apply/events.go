package apply

import "time"

// Event is one thing that happened during an apply, for progress views.
type Event struct {
	Time     time.Time     `json:"time"`
	RunID    string        `json:"run_id"`
	Server   string        `json:"server,omitempty"` // on server changes
	Wave     int           `json:"wave"`
	Tenant   string        `json:"tenant,omitempty"`
	Module   string        `json:"module,omitempty"`
	Action   string        `json:"action"`
	From     *uint         `json:"from_version,omitempty"`
	To       *uint         `json:"to_version,omitempty"`
	Outcome  string        `json:"outcome"` // started, ok, failed, skipped, waiting
	Error    string        `json:"error,omitempty"`
	Detail   string        `json:"detail,omitempty"`
	Took     time.Duration `json:"took_ns,omitempty"`
	Steps    int           `json:"steps,omitempty"`  // on tenant.start: how many steps follow
	Reason   string        `json:"reason,omitempty"` // on wait: soak, approval or halted
	Until    *time.Time    `json:"until,omitempty"`  // on wait for a soak: when it ends, if known
	Progress bool          `json:"-"`                // counts as one step done
}

// Actions, as they appear in events and the audit log.
const (
	ActionRun       = "run"
	ActionServer    = "server" // a change outside tenant schemas
	ActionWave      = "wave"
	ActionTenant    = "tenant"
	ActionLock      = "lock"
	ActionSchema    = "schema.create"
	ActionMigration = "migration"
	ActionMigrate   = "migrate"
	ActionService   = "service"
	ActionCheck     = "check"
	ActionRecover   = "recover"
	ActionRepair    = "repair"
	ActionRollback  = "rollback"
	ActionAdopt     = "adopt"
	ActionMove      = "move"
	ActionWait      = "wait"    // the rollout policy holds a version back
	ActionHalt      = "halt"    // a wave reached its failure limit
	ActionHealth    = "health"  // a health probe between batches
	ActionBatch     = "batch"   // a batch of a wave
	ActionApprove   = "approve" // rollout approve --wave N
	ActionResume    = "resume"  // rollout resume --wave N, or a halted wave's tenants fixed
)

// Observer receives events as they happen; views implement it. It must be
// safe for concurrent use: tenants run in parallel.
type Observer interface {
	Observe(Event)
}

func uptr(v uint) *uint { return &v }
