package resourcewatcherfake

import (
	"encoding/json"
	"sort"
	"time"
)

// storedAlarm mirrors alarm with exported fields for JSON.
type storedAlarm struct {
	Seq      int          `json:"seq"`
	ID       string       `json:"id"`
	Name     string       `json:"name"`
	Desc     string       `json:"desc"`
	Status   string       `json:"status"`
	RuleID   string       `json:"ruleId"`
	RuleName string       `json:"ruleName"`
	Operator string       `json:"operator"`
	Reg      time.Time    `json:"reg"`
	Mod      time.Time    `json:"mod"`
	Del      time.Time    `json:"del"`
	Targets  []wireTarget `json:"targets"`
	Events   []wireEvent  `json:"events"`
	Groups   []string     `json:"groups"`
	Tags     []int64      `json:"tags"`
	HasScope bool         `json:"hasScope"`
}

type snapshot struct {
	Seq     int                  `json:"seq"`
	Alarms  []storedAlarm        `json:"alarms"`
	History map[string][]History `json:"history,omitempty"`
}

// Snapshot serialises every alarm and its history, so the sandbox can keep
// them between runs (--state-dir).
func (s *Server) Snapshot() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := snapshot{Seq: s.seq, History: s.history}
	for _, a := range s.alarms {
		snap.Alarms = append(snap.Alarms, storedAlarm{a.seq, a.id, a.name, a.desc, a.status, a.ruleID, a.ruleName,
			a.operator, a.reg, a.mod, a.del, a.targets, a.events, a.groups, a.tags, a.hasScope})
	}
	sort.Slice(snap.Alarms, func(i, j int) bool { return snap.Alarms[i].Seq < snap.Alarms[j].Seq })
	return json.MarshalIndent(snap, "", "  ")
}

// Restore replaces the stored alarms and history with a Snapshot.
func (s *Server) Restore(b []byte) error {
	var snap snapshot
	if err := json.Unmarshal(b, &snap); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.alarms = map[string]*alarm{}
	for _, a := range snap.Alarms {
		s.alarms[a.ID] = &alarm{seq: a.Seq, id: a.ID, name: a.Name, desc: a.Desc, status: a.Status, ruleID: a.RuleID,
			ruleName: a.RuleName, operator: a.Operator, reg: a.Reg, mod: a.Mod, del: a.Del, targets: a.Targets,
			events: a.Events, groups: a.Groups, tags: a.Tags, hasScope: a.HasScope}
	}
	if snap.History != nil {
		s.history = snap.History
	}
	if snap.Seq > s.seq {
		s.seq = snap.Seq
	}
	return nil
}
