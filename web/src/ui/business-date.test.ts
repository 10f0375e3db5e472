import { afterEach, describe, expect, it, vi } from 'vitest';
import { businessToday } from './business-date';

describe('business date in the browser', () => {
  const zone = process.env.TZ;
  afterEach(() => {
    vi.useRealTimers();
    process.env.TZ = zone;
  });

  it('today is the Beijing date whatever the browser time zone, as the server dates business', () => {
    for (const tz of ['UTC', 'America/Los_Angeles', 'Asia/Shanghai', 'Pacific/Kiritimati']) {
      process.env.TZ = tz;
      // 17:30 UTC is 01:30 the next day in Beijing.
      vi.setSystemTime(new Date('2026-12-07T17:30:00Z'));
      expect(businessToday().format('YYYY-MM-DD'), tz).toBe('2026-12-08');
      // 15:59 UTC is still 23:59 the same day.
      vi.setSystemTime(new Date('2026-12-07T15:59:00Z'));
      expect(businessToday().format('YYYY-MM-DD'), tz).toBe('2026-12-07');
      // A date picker compares by day: today is not "after today", tomorrow is.
      expect(businessToday().isAfter(businessToday(), 'day')).toBe(false);
      expect(businessToday().add(1, 'day').isAfter(businessToday(), 'day')).toBe(true);
    }
  });
});
