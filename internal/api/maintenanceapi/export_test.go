package maintenanceapi

import "time"

// SetBatching changes the coalescing of GetOne for a test.
func (c *Client) SetBatching(window time.Duration, maxIDs int) {
	c.gets.Window, c.gets.Max = window, maxIDs
}
