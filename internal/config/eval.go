package config

import (
	"sync"

	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
)

// evalContext has the functions and no variables; files add local and
// tenant to a child of it.
func evalContext(lookupEnv func(string) (string, bool)) *hcl.EvalContext {
	fns := pureFunctions()
	if lookupEnv != nil {
		fns = functions(lookupEnv)
	}
	return &hcl.EvalContext{Functions: fns, Variables: map[string]cty.Value{}}
}

// pureFunctions is the function table without environment lookups, built
// once: validations and defaults are evaluated for every tenant and
// setting, and a fresh table each time was most of a large fleet's
// allocations while loading.
var pureFunctions = sync.OnceValue(func() map[string]function.Function { return functions(nil) })
