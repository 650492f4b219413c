import type { AdminRoom, BusinessHours, ReplyTime, Weekday } from '@parley/protocol';
import { weekdays } from '@parley/protocol';
import { useCallback, useEffect, useId, useState } from 'react';
import type { FormEvent } from 'react';
import { describeError } from '../describeError';
import type { AdminApi } from './adminApi';

export interface RoomsAdminProps {
  /** The administration routes (a stub in stories and tests). */
  api: AdminApi;
}

const dayNames: Record<Weekday, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const replyTimes: Record<ReplyTime, string> = { minutes: 'in a few minutes', hours: 'in a few hours', day: 'within a day' };

type DayFields = Record<Weekday, { on: boolean; open: string; close: string }>;

interface RoomFields {
  name: string;
  welcome: string;
  replyTime: ReplyTime | '';
  /** The team's addresses as typed: separated by commas, spaces or lines. */
  teamEmail: string;
  hoursOn: boolean;
  timeZone: string;
  days: DayFields;
  /**
   * The room's hours as stored, when being edited: sent back unchanged unless the form's hours were
   * changed (the form holds one opening per day; a stored day with several keeps them all).
   */
  storedHours?: BusinessHours | undefined;
}

function blankDays(): DayFields {
  return Object.fromEntries(weekdays.map((day) => [day, { on: day !== 'sat' && day !== 'sun', open: '09:00', close: '17:00' }])) as DayFields;
}

function blank(): RoomFields {
  return { name: '', welcome: '', replyTime: '', teamEmail: '', hoursOn: false, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, days: blankDays() };
}

function fieldsOf(room: AdminRoom): RoomFields {
  const days = blankDays();
  if (room.hours) {
    for (const day of weekdays) days[day].on = false;
    for (const opening of room.hours.weekly) days[opening.day] = { on: true, open: opening.open, close: opening.close };
  }
  return {
    name: room.name,
    welcome: room.welcome ?? '',
    replyTime: room.replyTime ?? '',
    teamEmail: room.teamEmail === undefined ? '' : [room.teamEmail].flat().join(', '),
    hoursOn: room.hours !== undefined,
    timeZone: room.hours?.timeZone ?? blank().timeZone,
    days,
    storedHours: room.hours,
  };
}

/** Days on which the stored hours have more than one opening (the form shows only the last). */
function splitDays(hours: BusinessHours | undefined): Weekday[] {
  if (!hours) return [];
  return weekdays.filter((day) => hours.weekly.filter((opening) => opening.day === day).length > 1);
}

/** The hours to send: `undefined` (kept as stored) when editing and the form's hours are as loaded. */
function changedHours(fields: RoomFields, editing: boolean): BusinessHours | null | undefined {
  const hours = hoursOf(fields);
  if (!editing) return hours;
  const loaded = hoursOf({ ...blank(), ...fieldsOf({ name: fields.name, hours: fields.storedHours, open: true, source: 'database', snippet: '' }) });
  return JSON.stringify(hours) === JSON.stringify(loaded) ? undefined : hours;
}

function hoursOf(fields: RoomFields): BusinessHours | null {
  if (!fields.hoursOn) return null;
  return { timeZone: fields.timeZone.trim(), weekly: weekdays.filter((day) => fields.days[day].on).map((day) => ({ day, open: fields.days[day].open, close: fields.days[day].close })) };
}

/** One address as a string, several as a list, none as `null` (clears it): the shape the server takes. */
function teamEmailOf(fields: RoomFields): string | string[] | null {
  const addresses = fields.teamEmail.split(/[\s,;]+/).filter((address) => address !== '');
  if (addresses.length === 0) return null;
  return addresses.length === 1 ? addresses[0]! : addresses;
}

/**
 * Rooms: name, welcome message, reply-time line, business hours with a time zone, the team's e-mail
 * for messages left while nobody was online (seen here only, never by visitors), and each room's
 * widget snippet.
 */
export function RoomsAdmin({ api }: RoomsAdminProps) {
  const [rooms, setRooms] = useState<AdminRoom[] | undefined>(undefined);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [fields, setFields] = useState<RoomFields>(blank);
  const [error, setError] = useState<string | undefined>(undefined);
  const ids = { heading: useId(), name: useId(), welcome: useId(), reply: useId(), team: useId(), zone: useId() };

  const reload = useCallback(() => api.rooms().then(setRooms, (cause: unknown) => setError(describeError(cause))), [api]);
  useEffect(() => void reload(), [reload]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setError(undefined);
    const hours = changedHours(fields, editing !== undefined);
    const settings = {
      welcome: fields.welcome.trim() === '' ? null : fields.welcome,
      replyTime: fields.replyTime === '' ? null : fields.replyTime,
      ...(hours !== undefined && { hours }),
      teamEmail: teamEmailOf(fields),
    };
    try {
      if (editing) await api.updateRoom(editing, settings);
      else await api.createRoom({ name: fields.name.trim(), ...settings });
      setEditing(undefined);
      setFields(blank());
      await reload();
    } catch (cause) {
      setError(
        describeError(cause, {
          invalid_payload: 'Check the fields: a room name, valid team e-mail addresses, an IANA time zone such as Europe/Berlin, and each closing time after its opening time.',
          conflict: 'A room of that name exists already.',
          not_found: 'That room no longer exists.',
        }),
      );
    }
  };

  const setDay = (day: Weekday, key: 'on' | 'open' | 'close', value: string | boolean) =>
    setFields((current) => ({ ...current, days: { ...current.days, [day]: { ...current.days[day], [key]: value } } }));

  return (
    <section className="console-admin-section" aria-labelledby={ids.heading}>
      <h2 id={ids.heading}>Rooms</h2>
      {error && (
        <p className="console-error" role="alert">
          {error}
        </p>
      )}
      <ul className="console-admin-rooms">
        {(rooms ?? []).map((room) => (
          <li key={room.name}>
            <p>
              <strong>{room.name}</strong> — {room.open ? 'open now' : 'closed now (the widget offers the offline form)'}
              {room.replyTime && `, replies ${replyTimes[room.replyTime]}`}
              {room.hours && `, hours in ${room.hours.timeZone}: ${room.hours.weekly.map((o) => `${o.day} ${o.open}–${o.close}`).join(', ') || 'never open'}`}
              {room.source === 'config' && ' (set on the command line)'}
            </p>
            {room.welcome && <p className="console-muted">{room.welcome}</p>}
            {room.teamEmail !== undefined && <p className="console-muted">Offline messages are e-mailed to {[room.teamEmail].flat().join(', ')}</p>}
            <label>
              Widget snippet for {room.name}
              <input readOnly value={room.snippet} onFocus={(event) => event.target.select()} />
            </label>
            {room.source === 'database' && (
              <button
                type="button"
                className="parley-button"
                data-variant="secondary"
                aria-label={`Edit room ${room.name}`}
                onClick={() => {
                  setEditing(room.name);
                  setFields(fieldsOf(room));
                }}
              >
                Edit
              </button>
            )}
          </li>
        ))}
      </ul>
      {rooms === undefined && !error && <p role="status">Loading rooms…</p>}
      <form className="console-admin-form" onSubmit={(event) => void submit(event)} aria-label={editing ? `Edit room ${editing}` : 'Add a room'}>
        <h3>{editing ? `Edit room ${editing}` : 'Add a room'}</h3>
        {!editing && (
          <>
            <label htmlFor={ids.name}>Room name</label>
            <input id={ids.name} value={fields.name} onChange={(event) => setFields({ ...fields, name: event.target.value })} />
          </>
        )}
        <label htmlFor={ids.welcome}>Welcome message (optional)</label>
        <textarea id={ids.welcome} rows={2} value={fields.welcome} onChange={(event) => setFields({ ...fields, welcome: event.target.value })} />
        <label htmlFor={ids.reply}>Usually replies</label>
        <select id={ids.reply} value={fields.replyTime} onChange={(event) => setFields({ ...fields, replyTime: event.target.value as ReplyTime | '' })}>
          <option value="">(not said)</option>
          {Object.entries(replyTimes).map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
        <label htmlFor={ids.team}>Team e-mail for offline messages (optional; several separated by commas)</label>
        <input id={ids.team} type="text" inputMode="email" value={fields.teamEmail} onChange={(event) => setFields({ ...fields, teamEmail: event.target.value })} />
        <label className="console-admin-check">
          <input type="checkbox" checked={fields.hoursOn} onChange={(event) => setFields({ ...fields, hoursOn: event.target.checked })} /> Business hours
        </label>
        {fields.hoursOn && (
          <fieldset className="console-admin-hours">
            <legend>Opening hours</legend>
            {splitDays(fields.storedHours).length > 0 && (
              <p className="console-muted">
                {splitDays(fields.storedHours)
                  .map((day) => dayNames[day])
                  .join(', ')}{' '}
                {splitDays(fields.storedHours).length > 1 ? 'have' : 'has'} several openings (set through the API or the command line): they are kept unless you change the hours here, which saves one opening per day.
              </p>
            )}
            <label htmlFor={ids.zone}>Time zone</label>
            <input id={ids.zone} value={fields.timeZone} onChange={(event) => setFields({ ...fields, timeZone: event.target.value })} />
            {weekdays.map((day) => (
              <div key={day} className="console-admin-day">
                <label>
                  <input type="checkbox" checked={fields.days[day].on} onChange={(event) => setDay(day, 'on', event.target.checked)} /> {dayNames[day]}
                </label>
                <input type="time" aria-label={`${dayNames[day]} opens`} value={fields.days[day].open} disabled={!fields.days[day].on} onChange={(event) => setDay(day, 'open', event.target.value)} />
                <input type="time" aria-label={`${dayNames[day]} closes`} value={fields.days[day].close} disabled={!fields.days[day].on} onChange={(event) => setDay(day, 'close', event.target.value)} />
              </div>
            ))}
          </fieldset>
        )}
        <div className="console-admin-actions">
          <button type="submit" className="parley-button">
            {editing ? 'Save room' : 'Add room'}
          </button>
          {editing && (
            <button
              type="button"
              className="parley-button"
              data-variant="secondary"
              onClick={() => {
                setEditing(undefined);
                setFields(blank());
              }}
            >
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
