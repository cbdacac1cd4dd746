import FormControl from '@mui/material/FormControl';
import InputLabel from '@mui/material/InputLabel';
import MenuItem from '@mui/material/MenuItem';
import Select from '@mui/material/Select';
import type { ReactNode } from 'react';

interface Props {
  label: string;
  icon: ReactNode;
  devices: MediaDeviceInfo[];
  value: string;
  onChange(id: string): void;
}

export function DevicePicker({ label, icon, devices, value, onChange }: Props) {
  const id = `picker-${label.toLowerCase()}`;
  const known = devices.some((d) => d.deviceId === value);
  return (
    <FormControl size="small" fullWidth disabled={devices.length === 0}>
      <InputLabel id={id} shrink>
        {label}
      </InputLabel>
      <Select
        labelId={id}
        label={label}
        notched
        value={known ? value : ''}
        displayEmpty
        onChange={(e) => onChange(String(e.target.value))}
        renderValue={(v) => (
          <span style={{ display: 'flex', alignItems: 'center', gap: 8, overflow: 'hidden' }}>
            {icon}
            <span style={{ overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {devices.find((d) => d.deviceId === v)?.label ||
                (devices.length ? 'Default' : 'None found')}
            </span>
          </span>
        )}
      >
        {devices.map((d, i) => (
          <MenuItem key={d.deviceId || i} value={d.deviceId}>
            {d.label || `${label} ${i + 1}`}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}
