package config

import (
	"github.com/hashicorp/hcl/v2"
	"github.com/zclconf/go-cty/cty"
)

// evalContext has the functions and no variables; files add local and
// tenant to a child of it.
func evalContext(lookupEnv func(string) (string, bool)) *hcl.EvalContext {
	return &hcl.EvalContext{Functions: functions(lookupEnv), Variables: map[string]cty.Value{}}
}
