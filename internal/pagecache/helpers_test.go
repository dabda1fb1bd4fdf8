package pagecache

// Helpers for the tests, which the program itself does not need.

// Len returns the number of pages held and their size in bytes.
func (c *Cache) Len() (pages int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}
