import { describe, expect, it } from 'vitest';
import { parseCsv } from '../src/batch/csv';
import { connectRedis } from '../src/batch/queue/connection';
import { checkRunName } from '../src/batch/queue/names';

describe('gradcam batch inputs', () => {
  it('reads CSV as RFC 4180 writes it: quoted commas, doubled quotes, newlines in quotes, CRLF', () => {
    const text = 'image,classes\r\n"a,b.png","1;2"\r\n"say ""hi"".png",3\n"two\nlines.png",\n';
    expect(parseCsv(text)).toEqual([
      ['image', 'classes'],
      ['a,b.png', '1;2'],
      ['say "hi".png', '3'],
      ['two\nlines.png', ''],
    ]);
    expect(parseCsv('image\nlast.png')).toEqual([['image'], ['last.png']]);
  });

  it('refuses a --queue that is no Redis URL and a --name that is no plain name, saying what to write', async () => {
    await expect(connectRedis('localhost:6379')).rejects.toThrow(
      /the queue is a Redis server, redis:\/\/host:port/,
    );
    await expect(connectRedis('redis://h:1/x')).rejects.toThrow(/the database after the port is a number/);
    expect(() => checkRunName('run 1')).toThrow(/--name run 1: a run name is 1 to 64 letters/);
    expect(checkRunName('val-2024.1_a')).toBe('val-2024.1_a');
  });
});
