import type { VisitorContext } from '@parley/protocol';
import { limits } from '@parley/protocol';

/** The page's surroundings for the agent: what a browser tells any site, nothing more. */
export interface PageFacts {
  url: string;
  title: string;
  referrer: string;
  userAgent: string;
  language: string;
  timeZone: string | undefined;
  /** `Date#getTimezoneOffset()`: minutes *behind* UTC. */
  timezoneOffset: number;
}

/** Reads the facts from the live page (the widget's own document is the host page). */
export function readPageFacts(): PageFacts {
  let timeZone: string | undefined;
  try {
    timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch {
    timeZone = undefined;
  }
  return {
    url: location.href,
    title: document.title,
    referrer: document.referrer,
    userAgent: navigator.userAgent,
    language: navigator.language,
    timeZone,
    timezoneOffset: new Date().getTimezoneOffset(),
  };
}

/** Browser and OS from a user agent: the few families agents recognise, with a major version. */
export function parseUserAgent(userAgent: string): { browser?: string; os?: string } {
  const browsers: [RegExp, string][] = [
    [/Edg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
    [/OPR\/(\d+)/, 'Opera'],
    [/SamsungBrowser\/(\d+)/, 'Samsung Internet'],
    [/Firefox\/(\d+)/, 'Firefox'],
    [/FxiOS\/(\d+)/, 'Firefox'],
    [/CriOS\/(\d+)/, 'Chrome'],
    [/Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
    [/Version\/(\d+)[\d.]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
  ];
  const oses: [RegExp, (match: RegExpExecArray) => string][] = [
    [/Windows NT 10/, () => 'Windows 10/11'],
    [/Windows NT (\d+\.\d+)/, (match) => `Windows NT ${match[1]}`],
    [/(?:iPhone|iPad|iPod).* OS (\d+)/, (match) => `iOS ${match[1]}`],
    [/Mac OS X (\d+)[._](\d+)/, (match) => `macOS ${match[1]}.${match[2]}`],
    [/Android (\d+)/, (match) => `Android ${match[1]}`],
    [/CrOS/, () => 'ChromeOS'],
    [/Linux/, () => 'Linux'],
  ];
  const result: { browser?: string; os?: string } = {};
  for (const [pattern, name] of browsers) {
    const match = pattern.exec(userAgent);
    if (match) {
      result.browser = `${name} ${match[1]}`;
      break;
    }
  }
  for (const [pattern, name] of oses) {
    const match = pattern.exec(userAgent);
    if (match) {
      result.os = name(match);
      break;
    }
  }
  return result;
}

/** The context sent with `chats:create`, cut to the protocol's bounds so the server never refuses it. */
export function visitorContextOf(facts: PageFacts): VisitorContext {
  const cut = (value: string, max: number) => value.slice(0, max);
  const context: VisitorContext = { ...parseUserAgent(facts.userAgent), utcOffset: -facts.timezoneOffset };
  if (facts.url) context.url = cut(facts.url, limits.contextUrlLength);
  if (facts.title) context.title = cut(facts.title, limits.contextFieldLength);
  if (facts.referrer) context.referrer = cut(facts.referrer, limits.contextUrlLength);
  if (facts.language) context.language = cut(facts.language, 35);
  if (facts.timeZone) context.timeZone = cut(facts.timeZone, limits.nameLength);
  return context;
}
