// The demo league's teams and conferences: 130 fictional programmes in 10 conferences, five of
// them "power" conferences whose teams are stronger on average (as in the real FBS).
export interface Conference {
  name: string;
  size: number;
  power: boolean;
}

export interface DemoTeam {
  name: string;
  conference: string;
}

export const CONFERENCES: readonly Conference[] = [
  { name: 'Atlantic Coast', size: 14, power: true },
  { name: 'Big Plains', size: 14, power: true },
  { name: 'Great Lakes', size: 14, power: true },
  { name: 'Pacific Rim', size: 12, power: true },
  { name: 'Southern', size: 14, power: true },
  { name: 'American Athletic', size: 12, power: false },
  { name: 'Frontier', size: 14, power: false },
  { name: 'Mid-Continent', size: 12, power: false },
  { name: 'Mountain Range', size: 12, power: false },
  { name: 'Sun Coast', size: 12, power: false },
];

const PLACES = [
  'Ashford', 'Bellmont', 'Brookhaven', 'Carrow', 'Cedar Falls', 'Clearwater', 'Coldspring', 'Cresthill',
  'Dunmore', 'Eastbrook', 'Elm Ridge', 'Fairhaven', 'Falconer', 'Foxborough', 'Glenwood', 'Granite City',
  'Greystone', 'Harborview', 'Hartwell', 'Highgate', 'Holloway', 'Ironwood', 'Juniper', 'Kingsport',
  'Lakemont', 'Larkspur', 'Lindale', 'Marlow', 'Meadowbrook', 'Millbrook', 'Northport', 'Oakridge',
  'Old Harbor', 'Pinecrest', 'Port Royal', 'Quarry Hill', 'Ravenswood', 'Redstone', 'Riverside', 'Rockport',
  'Rosewood', 'Saltmarsh', 'Sandown', 'Shelby', 'Silverlake', 'Southgate', 'Springdale', 'Stonebridge',
  'Summit', 'Sunnyvale', 'Tamarack', 'Thornbury', 'Timberline', 'Tri-Valley', 'Twin Rivers', 'Upland',
  'Valley Forge', 'Westfield', 'Whitmore', 'Wildwood', 'Willow Creek', 'Windham', 'Woodbury', 'Yorkshire',
  'Zephyr Hills',
];

/** 130 teams: each place has a university and a "State" school; conferences filled in order. */
export function demoTeams(): DemoTeam[] {
  const names: string[] = [];
  for (const p of PLACES) names.push(p, `${p} State`);
  const teams: DemoTeam[] = [];
  let i = 0;
  for (const c of CONFERENCES) for (let k = 0; k < c.size; k++) teams.push({ name: names[i++]!, conference: c.name });
  return teams;
}

export function isPower(conference: string): boolean {
  return CONFERENCES.some((c) => c.name === conference && c.power);
}
