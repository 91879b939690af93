// Package fingerprint computes what rollout keeps in place of a secret:
// in the control schema (to see that a secret changed) and in saved plans
// (to refuse a plan whose secrets changed since). A fingerprint must let
// any CI runner that holds the secret compare it, and must not let someone
// who holds only a copy of the database (a pg_dump, a backup) or a plan
// file test guesses of a short secret quickly.
//
// The design: the value is stretched with Argon2id (memory-hard, RFC 9106)
// under a random salt kept per database, and the stretched key then signs
// where the value is used (tenant, module, setting) with HMAC-SHA256. Every
// guess costs one Argon2id run; the salt makes tables computed in advance
// useless. The salt is per database, not per value, so one secret used by
// a thousand tenants is stretched once per run, not a thousand times;
// fingerprints still differ between tenants because of the HMAC step.
//
// What it cannot do: a secret a person could type as a PIN (a few digits)
// still falls to patient guessing at tens of guesses per second per core.
// A key kept outside the database would stop that, but every runner would
// then need one more secret to compare anything, and losing it would turn
// every secret into "changed". Secrets worth protecting are long random
// keys, which no amount of guessing finds.
package fingerprint

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/argon2"
)

// Prefix names the scheme and its parameters; a stored fingerprint with
// another prefix (other parameters, or the HMAC digests of older versions)
// never matches, so the setting shows as changed once and is recorded again.
var Prefix = fmt.Sprintf("argon2id-m%d-t%d-p%d:", argonMemory, argonTime, argonThreads)

const (
	argonThreads = 1
	keyLen       = 32
	saltBytes    = 16
)

// NewSalt is a fresh random salt, hex encoded, for a new database.
func NewSalt() string {
	b := make([]byte, saltBytes)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// Hasher fingerprints values under one database's salt. It is safe for
// concurrent use and stretches each distinct value once.
type Hasher struct {
	salt  []byte
	mu    sync.Mutex
	cache map[string]*stretched
}

type stretched struct {
	once sync.Once
	key  []byte
}

// New returns a Hasher for a salt made by NewSalt (or any non-empty text).
func New(salt string) (*Hasher, error) {
	if len(salt) < 16 {
		return nil, fmt.Errorf("%w: %d characters", ErrShortSalt, len(salt))
	}
	return &Hasher{salt: []byte(salt), cache: map[string]*stretched{}}, nil
}

// shared holds one Hasher per salt for the whole process, so that planning
// a thousand tenants of one database, each from its own snapshot, stretches
// a secret once.
var shared sync.Map // salt → *Hasher

// Shared returns the process's Hasher for a salt.
func Shared(salt string) (*Hasher, error) {
	if h, ok := shared.Load(salt); ok {
		return h.(*Hasher), nil
	}
	h, err := New(salt)
	if err != nil {
		return nil, err
	}
	got, _ := shared.LoadOrStore(salt, h)
	return got.(*Hasher), nil
}

// Sum is the fingerprint of value used at the place the context names
// (for a setting: tenant, module, setting name).
func (h *Hasher) Sum(value string, context ...string) string {
	m := hmac.New(sha256.New, h.stretch(value))
	m.Write([]byte(strings.Join(context, "\x00")))
	return Prefix + hex.EncodeToString(m.Sum(nil))
}

// Matches reports whether stored is value's fingerprint at that place.
func (h *Hasher) Matches(stored, value string, context ...string) bool {
	if !strings.HasPrefix(stored, Prefix) {
		return false
	}
	return hmac.Equal([]byte(stored), []byte(h.Sum(value, context...)))
}

func (h *Hasher) stretch(value string) []byte {
	h.mu.Lock()
	s := h.cache[value]
	if s == nil {
		s = &stretched{}
		h.cache[value] = s
	}
	h.mu.Unlock()
	s.once.Do(func() { s.key = stretchOne([]byte(value), h.salt) })
	return s.key
}

// stretching lets one Argon2id run at a time in the process. Each run
// holds argonMemory (19 MiB) of its own, the largest allocation rollout
// makes: a fleet over four servers stretches a secret under four salts,
// and its tenants run side by side, which made four such blocks live at
// once and was most of apply's peak memory. One at a time, and the block
// collected before the next run takes its own, the peak holds one.
var stretching sync.Mutex

// running counts the Argon2id runs under way, and most the most seen at
// once (tests check it is 1).
var running, most atomic.Int32

func stretchOne(value, salt []byte) []byte {
	stretching.Lock()
	defer stretching.Unlock()
	n := running.Add(1)
	defer running.Add(-1)
	if n > most.Load() {
		most.Store(n)
	}
	key := argon2.IDKey(value, salt, argonTime, argonMemory, argonThreads, keyLen)
	// The block is garbage now; without a collection here the next run
	// would take a new one beside it whenever the heap had room to grow.
	runtime.GC()
	return key
}
