import { useEffect, useState } from 'react';

const format = () => new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function useClock(): string {
  const [now, setNow] = useState(format);
  useEffect(() => {
    const t = setInterval(() => setNow(format()), 10000);
    return () => clearInterval(t);
  }, []);
  return now;
}
