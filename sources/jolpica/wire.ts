import {z} from "zod";

// Jolpica's JSON (inherited from Ergast): every value is a string, numbers included; optional parts are
// left out rather than null. These schemas check one item at a time, so one odd item is skipped, not the page.

const integer = z.string().regex(/^-?\d+$/, "not an integer");
const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, "not a number");

/** The envelope of every answer: paging counts as strings, and one `*Table` holding the data. */
export const envelopeSchema = z.object({
  MRData: z.looseObject({
    url: z.string().optional(),
    limit: integer,
    offset: integer,
    total: integer,
  }),
});
export type Envelope = z.infer<typeof envelopeSchema>["MRData"];

const sessionTime = z.object({date: z.string(), time: z.string().optional()});

export const locationSchema = z.object({
  lat: decimal.optional(),
  long: decimal.optional(),
  locality: z.string().optional(),
  country: z.string().optional(),
});

export const circuitSchema = z.object({
  circuitId: z.string().min(1),
  url: z.string().optional(),
  circuitName: z.string().optional(),
  Location: locationSchema.optional(),
});

export const driverSchema = z.object({
  driverId: z.string().min(1),
  permanentNumber: integer.optional(),
  code: z.string().optional(),
  url: z.string().optional(),
  givenName: z.string().optional(),
  familyName: z.string().optional(),
  dateOfBirth: z.string().optional(),
  nationality: z.string().optional(),
});

export const constructorSchema = z.object({
  constructorId: z.string().min(1),
  url: z.string().optional(),
  name: z.string().optional(),
  nationality: z.string().optional(),
});

export const seasonSchema = z.object({season: integer, url: z.string().optional()});

/** A race without its per-driver arrays: the context of every result, lap or pit stop inside it. */
export const raceSchema = z.object({
  season: integer,
  round: integer,
  url: z.string().optional(),
  raceName: z.string().optional(),
  Circuit: circuitSchema.optional(),
  date: z.string().optional(),
  time: z.string().optional(),
  Qualifying: sessionTime.optional(),
  Sprint: sessionTime.optional(),
});
export type WireRace = z.infer<typeof raceSchema>;

export const resultSchema = z.object({
  number: integer.optional(),
  position: integer.optional(),
  positionText: z.string().optional(),
  points: decimal.optional(),
  Driver: driverSchema,
  Constructor: constructorSchema.optional(),
  grid: integer.optional(),
  laps: integer.optional(),
  status: z.string().optional(),
  Time: z.object({millis: integer.optional(), time: z.string().optional()}).optional(),
  FastestLap: z
    .object({
      rank: integer.optional(),
      lap: integer.optional(),
      Time: z.object({time: z.string().optional()}).optional(),
    })
    .optional(),
});

export const qualifyingResultSchema = z.object({
  number: integer.optional(),
  position: integer.optional(),
  Driver: driverSchema,
  Constructor: constructorSchema.optional(),
  Q1: z.string().optional(),
  Q2: z.string().optional(),
  Q3: z.string().optional(),
});

/** A lap of a race, without its timings. */
export const lapSchema = z.object({number: integer});

export const timingSchema = z.object({
  driverId: z.string().min(1),
  position: integer.optional(),
  time: z.string().optional(),
});

export const pitStopSchema = z.object({
  driverId: z.string().min(1),
  lap: integer.optional(),
  stop: integer,
  time: z.string().optional(),
  duration: z.string().optional(),
});

const standingColumns = {
  position: integer.optional(),
  positionText: z.string().optional(),
  points: decimal.optional(),
  wins: integer.optional(),
};

export const driverStandingSchema = z.object({...standingColumns, Driver: driverSchema});
export const constructorStandingSchema = z.object({...standingColumns, Constructor: constructorSchema});

/** A standings list: the round it follows, without its entries. */
export const standingsListSchema = z.object({season: integer, round: integer});
