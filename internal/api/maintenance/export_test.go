package maintenance

import "time"

// SetBatching changes how GetOne coalesces calls (tests only).
func (c *Client) SetBatching(window time.Duration, max int) {
	c.bmu.Lock()
	defer c.bmu.Unlock()
	c.batchWindow, c.batchMax = window, max
}
