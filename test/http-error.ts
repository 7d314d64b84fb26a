import {expect} from "vitest";
import {HttpError} from "../sources/http/index.js";

/** Awaits a promise that must reject with an HttpError, and returns the error. */
export async function failureOf(promise: Promise<unknown>): Promise<HttpError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(HttpError);
  return error as HttpError;
}
