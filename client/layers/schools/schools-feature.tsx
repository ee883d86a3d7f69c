import { useCallback } from 'react';
import { cardPadding, isPhone } from '@client/map/screen-room';
import { mayWrite } from '@client/auth/may-act';
import { defineFeature, selectedBy, type FeatureHost, type FeatureView } from '../feature-types';
import { SchoolAuditBlock } from './school-audit-block';
import { SchoolDetails } from './school-details';
import { SchoolSection } from './school-section';
import type { SchoolFeature } from './school-types';
import './schools.css';
import { schoolsLayer, type SchoolLayerInput } from './schools-layer';
import { useSchoolsState } from './use-schools';

const OWNER = 'schools';
/** Enough around a school to see its 150 m zone. */
const ZONE_REACH_DEG = 0.0025;

/**
 * 校园周边: schools by what needs doing first (no guard post, failed audit items), counted per
 * brigade and township; one school's gates, zone, guard posts and audits in a card.
 */
function useSchools(host: FeatureHost): FeatureView<SchoolLayerInput> {
  const { select, clearSelection, flyTo, closePanel, setLayerVisible } = host;
  const selectedId = selectedBy<number>(host, OWNER);
  const onPick = useCallback(
    (feature: SchoolFeature) => {
      select(OWNER, feature.id);
      const [lon, lat] = feature.geometry.coordinates;
      flyTo({ bounds: [lon - ZONE_REACH_DEG, lat - ZONE_REACH_DEG, lon + ZONE_REACH_DEG, lat + ZONE_REACH_DEG], padding: cardPadding(), maxZoom: 17 });
      if (isPhone()) closePanel();
    },
    [select, flyTo, closePanel],
  );
  const schools = useSchoolsState(host.visibility[schoolsLayer.id], selectedId, onPick);
  const openSection = useCallback(
    (open: boolean) => {
      schools.setOpen(open);
      if (open) setLayerVisible(schoolsLayer.id, true);
    },
    [schools.setOpen, setLayerVisible],
  );
  const shown = schools.detail.data?.id === selectedId ? schools.detail.data : undefined;
  return {
    layerInput: schools.layer,
    panel: <SchoolSection schools={schools} selectedId={selectedId} onOpenChange={openSection} onSelect={onPick} mayImport={mayWrite(host.user)} />,
    overlay: selectedId !== null && !host.services.registeringHazard && (
      <SchoolDetails id={selectedId} detail={schools.detail} onClose={clearSelection}>
        {shown?.mayEdit && <SchoolAuditBlock school={shown} />}
      </SchoolDetails>
    ),
  };
}

export const schoolsFeature = defineFeature({ id: OWNER, layers: [schoolsLayer], use: useSchools });
