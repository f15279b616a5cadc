// Command schemarename prepares `terraform providers schema -json` output for
// tfplugindocs: it renames the provider key to its short name and the
// `resourcewatcher_*` types to `o11y_resourcewatcher_*`, because tfplugindocs
// only documents types that start with the provider's name.
//
//	schemarename -provider o11y < raw.json > schema.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
)

func main() {
	name := flag.String("provider", "o11y", "provider name")
	flag.Parse()
	if err := run(*name); err != nil {
		fmt.Fprintln(os.Stderr, "schemarename:", err)
		os.Exit(1)
	}
}

func run(name string) error {
	var doc map[string]any
	if err := json.NewDecoder(os.Stdin).Decode(&doc); err != nil {
		return fmt.Errorf("reading schema JSON: %w", err)
	}
	schemas, _ := doc["provider_schemas"].(map[string]any)
	out := map[string]any{}
	for addr, v := range schemas {
		if !strings.HasSuffix(addr, "/"+name) {
			continue
		}
		p, _ := v.(map[string]any)
		for _, kind := range []string{"resource_schemas", "data_source_schemas", "ephemeral_resource_schemas", "list_resource_schemas"} {
			m, ok := p[kind].(map[string]any)
			if !ok {
				continue
			}
			renamed := map[string]any{}
			for k, s := range m {
				if !strings.HasPrefix(k, name+"_") {
					k = name + "_" + k
				}
				renamed[k] = s
			}
			p[kind] = renamed
		}
		out[name] = p
	}
	if len(out) == 0 {
		return fmt.Errorf("no provider ending in /%s in the schema", name)
	}
	doc["provider_schemas"] = out
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
